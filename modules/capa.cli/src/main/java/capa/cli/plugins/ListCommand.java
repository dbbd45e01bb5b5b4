package capa.cli.plugins;

import capa.cli.HelpOption;
import capa.cli.PluginSources;
import capa.plugins.DiscoveryRequest;
import capa.plugins.PluginDiscovery;
import capa.plugins.PluginMode;
import capa.plugins.PluginReport;
import capa.plugins.lock.LockState;
import capa.plugins.lock.LockfileReader;
import capa.runner.Json;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capa plugins list}: discovers, checks and gates every plugin and prints the report.
 * Exit 0 whenever discovery completes, even if everything was rejected.
 */
@Command(name = "list",
        synopsisHeading = "Usage: ",
        customSynopsis = "capa plugins list [OPTIONS]",
        descriptionHeading = "%n",
        description = {
            "  List discovered procedure plugins.",
            "",
            "  Walks the plugin JARs in the modules directories, runs the load-time",
            "  contract check, and (in production mode) gates each plugin against",
            "  ``plugins.lock``. Rejected plugins are listed with the reason."},
        header = "List discovered procedure plugins.")
public final class ListCommand implements Callable<Integer> {

    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @Mixin
    private PluginSources sources;

    @Option(names = "--plugin-mode", paramLabel = "TEXT", order = 20,
            description = "dev|production; overrides $CAPA_PLUGIN_MODE.")
    private String pluginMode;

    @Option(names = "--full-hash", order = 40, description = "Print whole digests instead of sha256:<12 hex>\u2026")
    private boolean fullHash;

    @Option(names = "--json", order = 50, description = "Print the report as JSON (schema 1, see docs/json.md).")
    private boolean json;

    @Override
    public Integer call() {
        Map<String, String> environment = System.getenv();
        PluginMode mode = PluginSources.mode(pluginMode, environment);
        LockState lock = LockfileReader.read(sources.lockLocation(environment));
        PluginReport report = PluginDiscovery.discover(new DiscoveryRequest(
                sources.pluginDirectories(environment), mode, lock, true, DiscoveryRequest.Use.INSPECT));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.write(JsonReport.list(report)));
        } else {
            // One write for the whole report: the terminal's writer flushes at every println,
            // and a thousand plugins would otherwise cost a thousand system calls.
            String newline = System.lineSeparator();
            StringBuilder text = new StringBuilder();
            ReportFormatter.lines(report, fullHash).forEach(line -> text.append(line).append(newline));
            out.print(text);
        }
        out.flush();
        return 0;
    }
}
