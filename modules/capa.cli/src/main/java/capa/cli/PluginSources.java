package capa.cli;

import capa.base.PluginMode;
import capa.plugins.lock.LockLocation;
import capa.plugins.lock.LockState;
import capa.plugins.lock.LockfileLocator;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where a command finds plugins and {@code plugins.lock}: the {@code --modules} and
 * {@code --plugins-lock} options every plugin command shares, and the one lookup order behind
 * them, so that {@code list}, {@code trust}, {@code run} and {@code verify} can never
 * disagree about which plugins or which lock they mean.
 */
public final class PluginSources {

    /** The path list of plugin directories used when {@code --modules} is not given. */
    public static final String MODULES_VARIABLE = "CAPA_MODULES";

    private static final String LOCK_OPTION = "--plugins-lock";
    private static final String MODULES_OPTION = "--modules";

    private final Arg<String> lock;
    private final Arg<List<Path>> modules;

    private PluginSources(Arg<String> lock, Arg<List<Path>> modules) {
        this.lock = lock;
        this.modules = modules;
    }

    /**
     * Adds {@code --plugins-lock} (shown first) and {@code --modules} (after the command's
     * options of order below 30) to {@code spec}, and reads them from it once parsed.
     */
    public static PluginSources addTo(CommandSpec spec) {
        Arg<String> lock = CommandSpecs.add(spec, lockOption());
        Arg<List<Path>> modules = CommandSpecs.add(spec, CommandSpecs.option(MODULES_OPTION, "DIR", List.class,
                        "Plugin directory (repeatable); default $CAPA_MODULES,", "else the image's modules/")
                .auxiliaryTypes(Path.class).converters(CommandSpecs.PATH).order(30).build());
        return new PluginSources(lock, modules);
    }

    /** {@code --plugins-lock PATH}, for commands that need the lock but no plugin directories. */
    public static OptionSpec lockOption() {
        return CommandSpecs.option(LOCK_OPTION, "PATH", String.class,
                "Path to plugins.lock; default ./plugins.lock").order(10).build();
    }

    /**
     * {@code --modules} (repeatable) > {@code $CAPA_MODULES} (a path list) > the image's
     * {@code modules/} directory.
     */
    public List<Path> pluginDirectories(Map<String, String> environment) {
        List<Path> given = modules.value();
        if (given != null && !given.isEmpty()) {
            return List.copyOf(given);
        }
        String variable = environment.get(MODULES_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return Arrays.stream(variable.split(File.pathSeparator))
                    .filter(entry -> !entry.isBlank()).map(Path::of).toList();
        }
        String home = System.getProperty("capa.home");
        if (home == null) {
            throw CapaException.refused("no plugin directory: pass --modules DIR or set $" + MODULES_VARIABLE);
        }
        return List.of(Path.of(home, "modules"));
    }

    /**
     * {@code --plugins-lock} > {@code $CAPA_PLUGINS_LOCK} > {@code ./plugins.lock} > the XDG
     * config location, as {@link LockfileLocator} documents.
     */
    public LockLocation lockLocation(Map<String, String> environment) {
        return lockLocation(lock.value(), environment);
    }

    /**
     * The same lookup for a command that takes {@code --plugins-lock} but no plugin
     * directories ({@code untrust} needs no discovery).
     *
     * @param flagValue the {@code --plugins-lock} value, or {@code null}
     */
    public static LockLocation lockLocation(String flagValue, Map<String, String> environment) {
        try {
            return LockfileLocator.locate(flagValue, environment, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            throw CapaException.refused(e.getMessage());
        }
    }

    /** Where the lookup looked, for messages: {@code <path> or <path>}. */
    public static String lookedAt(LockState.Absent absent) {
        return absent.candidates().stream().map(Path::toString).collect(Collectors.joining(" or "));
    }

    /**
     * The plugin mode: {@code --plugin-mode} (null for commands without it, such as
     * {@code run}) > {@code $CAPA_PLUGIN_MODE} > dev; any other value is refused (exit 2).
     */
    public static PluginMode mode(String flagValue, Map<String, String> environment) {
        try {
            return PluginMode.resolve(flagValue, environment.get(PluginMode.ENVIRONMENT_VARIABLE));
        } catch (IllegalArgumentException e) {
            throw CapaException.refused(e.getMessage());
        }
    }
}
