package capa.cli.plugins;

import capa.cli.CapaException;
import capa.plugins.DiscoveryRequest;
import capa.plugins.PluginDiscovery;
import capa.plugins.PluginId;
import capa.plugins.PluginMode;
import capa.plugins.PluginReport;
import capa.plugins.Rejection;
import capa.plugins.lock.JournalLine;
import capa.plugins.lock.LockChange;
import capa.plugins.lock.LockEntry;
import capa.plugins.lock.LockLocation;
import capa.plugins.lock.LockState;
import capa.plugins.lock.LockWriteException;
import capa.plugins.lock.LockfileLocator;
import capa.plugins.lock.LockfileReader;
import capa.plugins.lock.LockfileTransaction;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capa plugins trust}: writes a discovered plugin's current metadata into
 * {@code plugins.lock} and journals why. Reads plugins as {@code plugins list} does (never
 * running their code) and writes through {@link LockfileTransaction}.
 */
@Command(name = "trust",
        header = "Add (or refresh) a discovered plugin in ``plugins.lock``.",
        synopsisHeading = "Usage: ",
        customSynopsis = "capa plugins trust [OPTIONS] PLUGIN_ID",
        descriptionHeading = "%n",
        // The reference page's layout, which picocli's own option table cannot produce.
        description = {
            "  Add (or refresh) a discovered plugin in ``plugins.lock``.",
            "",
            "Arguments:",
            "  PLUGIN_ID  Plugin id to add to plugins.lock  [required]",
            "",
            "Options:",
            "  --plugins-lock  PATH  Path to plugins.lock; default ./plugins.lock",
            "  --reason        TEXT  Audit text recorded alongside the trust grant. Required.",
            "  --modules       DIR   Plugin directory (repeatable); default $CAPA_MODULES,",
            "                        else the image's modules/",
            "  -h, --help            Show this message and exit."})
public final class TrustCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "PLUGIN_ID", hidden = true)
    private String pluginId;

    @Option(names = "--plugins-lock", paramLabel = "PATH", hidden = true)
    private String pluginsLock;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, hidden = true)
    private String reason;

    @Option(names = "--modules", paramLabel = "DIR", hidden = true)
    private List<Path> modules;

    @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true)
    private boolean help;

    @Override
    public Integer call() {
        try {
            JournalLine.checkReason(reason);
        } catch (IllegalArgumentException e) {
            throw CapaException.refused("--reason: " + e.getMessage() + "; nothing was written");
        }
        PluginId id = parseId();
        LockLocation location = locate();
        LockState state = LockfileReader.read(location);
        if (state instanceof LockState.Unusable unusable) {
            throw CapaException.refused(unusable.problem() + "\ncapa never overwrites a lock it"
                    + " cannot read; fix it, or move it away, and try again. Nothing was written");
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

    private LockLocation locate() {
        try {
            return LockfileLocator.locate(pluginsLock, System.getenv(), Path.of(""));
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
                new DiscoveryRequest(pluginDirectories(), PluginMode.DEV, state, true,
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

    /** {@code --modules} &gt; {@code $CAPA_MODULES} (a path list) &gt; the image's modules/. */
    private List<Path> pluginDirectories() {
        if (modules != null && !modules.isEmpty()) {
            return modules;
        }
        String variable = System.getenv("CAPA_MODULES");
        if (variable != null && !variable.isEmpty()) {
            return Arrays.stream(variable.split(File.pathSeparator)).filter(s -> !s.isEmpty())
                    .map(Path::of).toList();
        }
        String home = System.getProperty("capa.home");
        return home == null ? List.of() : List.of(Path.of(home, "modules"));
    }
}
