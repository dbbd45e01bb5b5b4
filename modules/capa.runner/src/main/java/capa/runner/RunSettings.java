package capa.runner;

import capa.base.PluginCoordinates;
import capa.base.PluginMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What every run of one {@code capa run} shares.
 *
 * @param runsRoot where run records go, one directory per run
 * @param pluginMode the mode the procedures were gated in, recorded in each manifest
 * @param loadedPlugins the procedures loaded so far: the builtins and those of every plugin
 *     JAR a run of this process resolved; asked again each time a manifest is written, so that
 *     a run's last manifest names every plugin it and its nested runs used
 * @param lockPath the lock in force, if any
 * @param lockEntries its entries, recorded in each manifest
 * @param cancelGrace how long a cancelled run may take to stop before it is recorded as
 *     cancelled anyway
 * @param verbose whether a failure's stack trace reaches the operator
 * @param clock the clock for timestamps and run ids
 */
public record RunSettings(Path runsRoot, PluginMode pluginMode, Supplier<List<PluginCoordinates>> loadedPlugins,
                          Optional<Path> lockPath, List<PluginCoordinates> lockEntries,
                          Duration cancelGrace, boolean verbose, Clock clock) {

    /** The grace period for a cancelled run when none is configured. */
    public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofSeconds(10);

    public RunSettings {
        Objects.requireNonNull(runsRoot, "runsRoot");
        Objects.requireNonNull(pluginMode, "pluginMode");
        Objects.requireNonNull(loadedPlugins, "loadedPlugins");
        Objects.requireNonNull(lockPath, "lockPath");
        lockEntries = List.copyOf(lockEntries);
        Objects.requireNonNull(cancelGrace, "cancelGrace");
        Objects.requireNonNull(clock, "clock");
    }
}
