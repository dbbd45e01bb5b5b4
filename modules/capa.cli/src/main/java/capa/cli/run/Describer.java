package capa.cli.run;

import capa.base.TerminalText;
import capa.cli.CapaException;
import capa.cli.ExitCode;
import capa.plugins.LoadedPlugin;
import capa.plugins.PluginDescription;
import capa.runner.ParameterSchema;
import capa.runner.UnloadableConfiguration;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.MalformedParameterizedTypeException;
import java.util.List;

/** Prints a procedure's name, description and parameters; reads metadata only, runs nothing. */
final class Describer {

    private Describer() {
    }

    static int describe(GatedProcedures gated, String id, PrintWriter out) {
        LoadedPlugin plugin = gated.loaded(id)
                .orElseThrow(() -> new CapaException(ExitCode.FAILURE, gated.refusal(id)));
        PluginDescription d = plugin.description();
        List<String> parameters = parameters(plugin);
        // The name, description, module, version and record components all come from the JAR.
        out.println(d.id().value() + ": " + TerminalText.escape(d.name()));
        if (!d.description().isBlank()) {
            out.println("  " + TerminalText.escape(d.description()));
        }
        out.println("  " + TerminalText.escape(d.packageName()) + " " + TerminalText.escape(d.version())
                + " (" + TerminalText.escape(d.entryPoint()) + ")");
        out.println();
        out.println("Parameters:");
        parameters.forEach(line -> out.println("  " + TerminalText.escape(line)));
        return ExitCode.OK.code();
    }

    /**
     * The schema, before anything is printed. A plugin's configuration record passed the
     * contract check, but the classes its components name are loaded only now: one that is
     * missing or malformed in the JAR is this procedure's failure, in one line.
     */
    private static List<String> parameters(LoadedPlugin plugin) {
        try {
            return ParameterSchema.lines(plugin.configType());
        } catch (LinkageError | TypeNotPresentException | MalformedParameterizedTypeException e) {
            throw new CapaException(ExitCode.FAILURE, UnloadableConfiguration.reason(plugin.description().id().value(), e));
        } catch (UncheckedIOException | IllegalArgumentException | StackOverflowError e) {
            // StackOverflowError: a generic signature nested without bound in the JAR.
            throw new CapaException(ExitCode.FAILURE, plugin.description().id().value()
                    + ": its configuration record cannot be described (" + e.getClass().getSimpleName() + ")");
        }
    }
}
