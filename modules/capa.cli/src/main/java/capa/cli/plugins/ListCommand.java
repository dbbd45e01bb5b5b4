package capa.cli.plugins;

import capa.base.PluginMode;
import capa.cli.Arg;
import capa.cli.CommandSpecs;
import capa.cli.PluginSources;
import capa.plugins.DiscoveryRequest;
import capa.plugins.PluginDiscovery;
import capa.plugins.PluginReport;
import capa.plugins.lock.LockState;
import capa.plugins.lock.LockfileReader;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code capa plugins list}: discovers, checks and gates every plugin and prints the report.
 * Exit 0 whenever discovery completes, even if everything was rejected.
 */
public final class ListCommand implements Callable<Integer> {

    private CommandSpec spec;
    private PluginSources sources;
    private Arg<String> pluginMode;
    private Arg<Boolean> fullHash;
    private Arg<Boolean> json;

    private ListCommand() {
    }

    public static CommandSpec spec() {
        ListCommand command = new ListCommand();
        CommandSpec spec = CommandSpecs.subcommand(command, "list", "capa plugins list [OPTIONS]",
                "List discovered procedure plugins.",
                "",
                "  Walks the plugin JARs and bundles in the modules directories, runs the",
                "  load-time contract check, and (in production mode) gates each plugin against",
                "  ``plugins.lock``. Rejected plugins are listed with the reason.");
        command.sources = PluginSources.addTo(spec);
        command.pluginMode = CommandSpecs.add(spec, CommandSpecs.option("--plugin-mode", "TEXT", String.class,
                "dev|production; overrides $CAPA_PLUGIN_MODE.").order(20).build());
        command.fullHash = CommandSpecs.add(spec,
                CommandSpecs.flag("--full-hash", 40, "Print whole digests instead of sha256:<12 hex>\u2026"));
        command.json = CommandSpecs.add(spec,
                CommandSpecs.flag("--json", 50, "Print the report as JSON (schema 1, see docs/json.md)."));
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        Map<String, String> environment = System.getenv();
        PluginMode mode = PluginSources.mode(pluginMode.value(), environment);
        LockState lock = LockfileReader.read(sources.lockLocation(environment), mode);
        PluginReport report = PluginDiscovery.discover(new DiscoveryRequest(
                sources.pluginDirectories(environment), mode, lock, true, DiscoveryRequest.Use.INSPECT));
        ReportOutput.print(spec, json.isSet(), () -> JsonReport.list(report),
                () -> ReportFormatter.lines(report, fullHash.isSet()));
        return 0;
    }
}
