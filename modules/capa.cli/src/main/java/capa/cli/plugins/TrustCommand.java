package capa.cli.plugins;

import capa.base.PluginId;
import capa.base.PluginMode;
import capa.base.TerminalText;
import capa.cli.Arg;
import capa.cli.CapaException;
import capa.cli.CommandSpecs;
import capa.cli.PluginSources;
import capa.plugins.DiscoveryRequest;
import capa.plugins.LoadedPlugin;
import capa.plugins.PluginDiscovery;
import capa.plugins.PluginReport;
import capa.plugins.Rejection;
import capa.base.PluginCoordinates;
import capa.plugins.lock.LockLocation;
import capa.plugins.lock.LockState;
import capa.plugins.lock.LockfileReader;
import capa.plugins.lock.LockfileTransaction;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code capa plugins trust}: writes a discovered plugin's current metadata into
 * {@code plugins.lock} and journals why. Reads plugins as {@code plugins list} does (never
 * running their code) and writes through {@link LockfileTransaction}.
 */
public final class TrustCommand implements Callable<Integer> {

    private CommandSpec spec;
    private PluginSources sources;
    private Arg<String> pluginId;
    private Arg<String> reason;

    private TrustCommand() {
    }

    public static CommandSpec spec() {
        TrustCommand command = new TrustCommand();
        CommandSpec spec = CommandSpecs.subcommand(command, "trust",
                "capa plugins trust [OPTIONS] PLUGIN_ID",
                "Add (or refresh) a discovered plugin in ``plugins.lock``.");
        CommandSpecs.footer(spec,
                "Writes the plugin's current id, package, version, entry point and SHA-256 into",
                "plugins.lock (creating it when there is none) and appends a line to",
                "plugins.lock.journal: who trusted what, when and why. Works in either plugin",
                "mode; never runs plugin code. Exit 0: written and journaled; 2: refused.");
        command.pluginId = CommandSpecs.add(spec, CommandSpecs.parameter("PLUGIN_ID", String.class,
                "Plugin id to add to plugins.lock").required(true).build());
        command.sources = PluginSources.addTo(spec);
        command.reason = CommandSpecs.add(spec, CommandSpecs.option("--reason", "TEXT", String.class,
                "Audit text recorded alongside the trust grant. Required.").required(true).order(20).build());
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        String reason = this.reason.value();
        LockWrites.checkReason(reason);
        PluginId id = parseId(pluginId.value());
        LockLocation location = sources.lockLocation(System.getenv());
        LockState state = LockfileReader.read(location);
        if (state instanceof LockState.Unusable unusable) {
            throw LockWrites.unusable(unusable);
        }
        PluginCoordinates entry = discoveredEntry(id, state);
        LockWrites.report(spec.commandLine().getOut(), "trusted",
                LockWrites.write(location, transaction -> transaction.trust(entry, reason)));
        return 0;
    }

    private static PluginId parseId(String text) {
        try {
            return PluginId.parse(text);
        } catch (IllegalArgumentException e) {
            throw CapaException.refused(e.getMessage());
        }
    }

    /**
     * The entry {@code list} would show for this id, discovered in dev mode: trusting a plugin
     * that production currently rejects as missing from the lock is the point of trust.
     */
    private PluginCoordinates discoveredEntry(PluginId id, LockState state) {
        PluginReport report = PluginDiscovery.discover(
                new DiscoveryRequest(sources.pluginDirectories(System.getenv()), PluginMode.DEV, state, true,
                        DiscoveryRequest.Use.INSPECT));
        Optional<LoadedPlugin> loaded = report.loaded(id);
        if (loaded.isPresent()) {
            return loaded.get().description().coordinates();
        }
        List<String> reasons = report.rejection(id).map(r -> List.of(r.line()))
                .orElseGet(() -> report.rejected().stream().map(Rejection::line)
                        .filter(line -> line.contains(id.value())).toList())
                .stream().map(TerminalText::escape).toList();
        if (!reasons.isEmpty()) {
            throw CapaException.refused("cannot trust " + id + ", it was rejected:\n  "
                    + String.join("\n  ", reasons));
        }
        throw CapaException.refused("no plugin with id '" + id + "' was discovered; available: "
                + ReportFormatter.loadedIds(report));
    }
}
