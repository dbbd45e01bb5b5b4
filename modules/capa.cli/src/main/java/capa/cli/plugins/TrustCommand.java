package capa.cli.plugins;

import capa.cli.CapaException;
import capa.cli.CommandSpecs;
import capa.cli.PluginSources;
import capa.plugins.DiscoveryRequest;
import capa.plugins.PluginDiscovery;
import capa.plugins.PluginId;
import capa.plugins.PluginMode;
import capa.plugins.PluginReport;
import capa.plugins.Rejection;
import capa.plugins.lock.LockChange;
import capa.plugins.lock.LockEntry;
import capa.plugins.lock.LockLocation;
import capa.plugins.lock.LockState;
import capa.plugins.lock.LockWriteException;
import capa.plugins.lock.LockfileReader;
import capa.plugins.lock.LockfileTransaction;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code capa plugins trust}: writes a discovered plugin's current metadata into
 * {@code plugins.lock} and journals why. Reads plugins as {@code plugins list} does (never
 * running their code) and writes through {@link LockfileTransaction}.
 */
public final class TrustCommand implements Callable<Integer> {

    private CommandSpec spec;
    private PluginSources sources;
    private String pluginId;

    private TrustCommand() {
    }

    public static CommandSpec spec() {
        TrustCommand command = new TrustCommand();
        CommandSpec spec = CommandSpecs.withHelp(CommandSpecs.command(command, "trust",
                "capa plugins trust [OPTIONS] PLUGIN_ID",
                "  Add (or refresh) a discovered plugin in ``plugins.lock``."));
        spec.usageMessage()
                .header("Add (or refresh) a discovered plugin in ``plugins.lock``.")
                .footerHeading("%n")
                .footer("Writes the plugin's current id, package, version, entry point and SHA-256 into",
                        "plugins.lock (creating it when there is none) and appends a line to",
                        "plugins.lock.journal: who trusted what, when and why. Works in either plugin",
                        "mode; never runs plugin code. Exit 0: written and journaled; 2: refused.");
        spec.addPositional(CommandSpecs.parameter("PLUGIN_ID", String.class, "Plugin id to add to plugins.lock")
                .required(true).build());
        command.sources = PluginSources.addTo(spec);
        spec.addOption(CommandSpecs.option("--reason", "TEXT", String.class,
                "Audit text recorded alongside the trust grant. Required.").required(true).order(20).build());
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        pluginId = CommandSpecs.parameterValue(spec, 0);
        String reason = CommandSpecs.value(spec, "--reason");
        LockRefusals.checkReason(reason);
        PluginId id = parseId();
        LockLocation location = sources.lockLocation(System.getenv());
        LockState state = LockfileReader.read(location);
        if (state instanceof LockState.Unusable unusable) {
            throw LockRefusals.unusable(unusable);
        }
        LockEntry entry = discoveredEntry(id, state);
        LockChange change;
        try {
            change = new LockfileTransaction(location, Clock.systemUTC()).trust(entry, reason);
        } catch (LockWriteException e) {
            throw CapaException.refused(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("trusted: " + entry.id() + " " + entry.version() + " ("
                + entry.distributionHash().abbreviated(22) + ")");
        out.println("  lock:    " + change.lock());
        out.println("  journal: " + change.journal());
        out.flush();
        return 0;
    }

    private PluginId parseId() {
        try {
            return PluginId.parse(pluginId);
        } catch (IllegalArgumentException e) {
            throw CapaException.refused(e.getMessage());
        }
    }

    /**
     * The entry {@code list} would show for this id, discovered in dev mode: trusting a plugin
     * that production currently rejects as missing from the lock is the point of trust.
     */
    private LockEntry discoveredEntry(PluginId id, LockState state) {
        PluginReport report = PluginDiscovery.discover(
                new DiscoveryRequest(sources.pluginDirectories(System.getenv()), PluginMode.DEV, state, true,
                        DiscoveryRequest.Use.INSPECT));
        if (report.loaded(id).isPresent()) {
            return report.loaded(id).get().description().toLockEntry();
        }
        List<String> reasons = report.rejection(id).map(r -> List.of(r.line()))
                .orElseGet(() -> report.rejected().stream().map(Rejection::line)
                        .filter(line -> line.contains(id.value())).toList());
        if (!reasons.isEmpty()) {
            throw CapaException.refused("cannot trust " + id + ", it was rejected:\n  "
                    + String.join("\n  ", reasons));
        }
        String available = report.loaded().stream().map(p -> p.description().id().value())
                .collect(Collectors.joining(", "));
        throw CapaException.refused("no plugin with id '" + id + "' was discovered; available: "
                + (available.isEmpty() ? "(none)" : available));
    }
}
