package capa.cli.run;

import capa.cli.CapaException;
import capa.cli.ExitCode;
import capa.plugins.LoadedPlugin;
import capa.plugins.PluginDescription;
import capa.plugins.TerminalText;
import capa.runner.ParameterSchema;
import java.io.PrintWriter;

/** Prints a procedure's name, description and parameters; reads metadata only, runs nothing. */
final class Describer {

    private Describer() {
    }

    static int describe(GatedProcedures gated, String id, PrintWriter out) {
        LoadedPlugin plugin = gated.loaded(id)
                .orElseThrow(() -> new CapaException(ExitCode.FAILURE, gated.refusal(id)));
        PluginDescription d = plugin.description();
        // The name, description, module, version and record components all come from the JAR.
        out.println(d.id().value() + ": " + TerminalText.escape(d.name()));
        if (!d.description().isBlank()) {
            out.println("  " + TerminalText.escape(d.description()));
        }
        out.println("  " + TerminalText.escape(d.packageName()) + " " + TerminalText.escape(d.version())
                + " (" + TerminalText.escape(d.entryPoint()) + ")");
        out.println();
        out.println("Parameters:");
        ParameterSchema.lines(plugin.configType()).forEach(line -> out.println("  " + TerminalText.escape(line)));
        return ExitCode.OK.code();
    }
}
