package capa.cli.plugins;

import capa.cli.CapaException;
import capa.plugins.DiscoveryRequest;
import capa.plugins.PluginDiscovery;
import capa.plugins.PluginMode;
import capa.plugins.PluginReport;
import capa.plugins.lock.LockLocation;
import capa.plugins.lock.LockState;
import capa.plugins.lock.LockfileLocator;
import capa.plugins.lock.LockfileReader;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capa plugins list}: discovers, checks and gates every plugin and prints the report.
 * Exit 0 whenever discovery completes, even if everything was rejected.
 */
@Command(name = "list",
        mixinStandardHelpOptions = true,
        synopsisHeading = "Usage: ",
        customSynopsis = "capa plugins list [OPTIONS]",
        descriptionHeading = "%n",
        description = {
            "  List discovered procedure plugins.",
            "",
            "  Walks the plugin JARs in the modules directories, runs the load-time",
            "  contract check, and (in production mode) gates each plugin against",
            "  ``plugins.lock``. Rejected plugins are listed with the reason."},
        optionListHeading = "%nOptions:%n",
        header = "List discovered procedure plugins.")
public final class ListCommand implements Callable<Integer> {

    static final String MODULES_VARIABLE = "CAPA_MODULES";

    @Spec
    private CommandSpec spec;

    @Option(names = "--plugins-lock", paramLabel = "PATH",
            description = "Path to plugins.lock; default ./plugins.lock")
    private String pluginsLock;

    @Option(names = "--plugin-mode", paramLabel = "TEXT",
            description = "dev|production; overrides $CAPA_PLUGIN_MODE.")
    private String pluginMode;

    @Option(names = "--modules", paramLabel = "DIR",
            description = "Plugin directory (repeatable); default $CAPA_MODULES, else the image's modules/.")
    private List<Path> modules;

    @Option(names = "--full-hash", description = "Print whole digests instead of sha256:<12 hex>\u2026")
    private boolean fullHash;

    @Override
    public Integer call() {
        Map<String, String> environment = System.getenv();
        PluginMode mode;
        try {
            mode = PluginMode.resolve(pluginMode, environment.get(PluginMode.ENVIRONMENT_VARIABLE));
        } catch (IllegalArgumentException e) {
            throw CapaException.refused(e.getMessage());
        }
        LockLocation location = LockfileLocator.locate(pluginsLock, environment, Path.of("").toAbsolutePath());
        LockState lock = LockfileReader.read(location);
        PluginReport report = PluginDiscovery.discover(new DiscoveryRequest(
                pluginDirectories(modules, environment), mode, lock, true, DiscoveryRequest.Use.INSPECT));
        PrintWriter out = spec.commandLine().getOut();
        ReportFormatter.lines(report, fullHash).forEach(out::println);
        out.flush();
        return 0;
    }

    /** {@code --modules} > {@code $CAPA_MODULES} (a path list) > {@code <capa.home>/modules}. */
    static List<Path> pluginDirectories(List<Path> flag, Map<String, String> environment) {
        if (flag != null && !flag.isEmpty()) {
            return flag;
        }
        String variable = environment.get(MODULES_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return Arrays.stream(variable.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
        }
        String home = System.getProperty("capa.home");
        if (home == null) {
            throw CapaException.refused("no plugin directory: pass --modules DIR or set $" + MODULES_VARIABLE);
        }
        return List.of(Path.of(home, "modules"));
    }
}
