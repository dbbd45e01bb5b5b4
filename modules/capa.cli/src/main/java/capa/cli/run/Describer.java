package capa.cli.run;

import capa.cli.CapaException;
import capa.cli.ExitCode;
import capa.plugins.LoadedPlugin;
import capa.plugins.PluginDescription;
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
        out.println(d.id().value() + ": " + d.name());
        if (!d.description().isBlank()) {
            out.println("  " + d.description());
        }
        out.println("  " + d.packageName() + " " + d.version() + " (" + d.entryPoint() + ")");
        out.println();
        out.println("Parameters:");
        ParameterSchema.lines(plugin.configType()).forEach(line -> out.println("  " + line));
        return ExitCode.OK.code();
    }
}
