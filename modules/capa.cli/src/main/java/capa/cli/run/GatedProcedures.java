package capa.cli.run;

import capa.base.PluginCoordinates;
import capa.base.PluginId;
import capa.base.PluginMode;
import capa.base.TerminalText;
import capa.cli.CapaException;
import capa.cli.PluginSources;
import capa.cli.plugins.ReportFormatter;
import capa.plugins.DiscoveryRequest;
import capa.plugins.LoadedPlugin;
import capa.plugins.PluginReport;
import capa.plugins.RunPlugins;
import capa.plugins.lock.LockLocation;
import capa.plugins.lock.LockState;
import capa.plugins.lock.LockfileReader;
import capa.runner.ConfigurationBinder;
import capa.runner.ProcedureResolver;
import capa.runner.ResolvedProcedure;
import capa.runner.UnloadableConfiguration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code capa run} and {@code capa describe} may run: the mode from
 * {@code $CAPA_PLUGIN_MODE} only, the lock by the shared lookup, and the same discovery and
 * gating that {@code plugins list} prints, done on demand ({@link RunPlugins}): only the JARs
 * of the procedures a run resolves are read in full. Production without a usable lock is
 * refused here, before any plugin is read.
 */
final class GatedProcedures {

    private final PluginMode mode;
    private final LockState lock;
    private final RunPlugins plugins;

    private GatedProcedures(PluginMode mode, LockState lock, RunPlugins plugins) {
        this.mode = mode;
        this.lock = lock;
        this.plugins = plugins;
    }

    static GatedProcedures open(PluginSources sources, Map<String, String> environment) {
        PluginMode mode = PluginSources.mode(null, environment);
        LockLocation location = sources.lockLocation(environment);
        LockState lock = LockfileReader.read(location, mode);
        if (mode == PluginMode.PRODUCTION) {
            switch (lock) {
                case LockState.Loaded _ -> { }
                case LockState.Absent absent -> throw CapaException.refused(
                        "production plugin mode requires a plugins.lock; " + (location.explicit()
                                ? "there is none at " + location.path()
                                : "pass --plugins-lock or place one at " + PluginSources.lookedAt(absent)));
                case LockState.Unusable unusable -> throw CapaException.refused(unusable.problem()
                        + "\nproduction plugin mode requires a usable plugins.lock; fix or replace "
                        + unusable.path());
            }
        }
        RunPlugins plugins = RunPlugins.open(new DiscoveryRequest(sources.pluginDirectories(environment), mode, lock,
                true, DiscoveryRequest.Use.RUN));
        return new GatedProcedures(mode, lock, plugins);
    }

    PluginMode mode() {
        return mode;
    }

    Optional<LoadedPlugin> loaded(String id) {
        return PluginId.isWellFormed(id) ? plugins.load(PluginId.parse(id)) : Optional.empty();
    }

    /**
     * The refusal for an id that is not loaded, with {@code list}'s reason line for a rejected
     * one: the whole discovery is made for it, so it reads as it always did.
     */
    String refusal(String id) {
        PluginReport report = plugins.report();
        String line = "procedure '" + TerminalText.escape(id) + "' is not in the trusted registry (mode="
                + mode.label() + "); available: " + ReportFormatter.loadedIds(report);
        if (PluginId.isWellFormed(id)) {
            line += report.rejection(PluginId.parse(id)).map(r -> "\n  " + TerminalText.escape(r.line())).orElse("");
        }
        return line;
    }

    ProcedureResolver resolver() {
        return id -> loaded(id)
                .<ProcedureResolver.Resolution>map(plugin -> {
                    try {
                        plugin.exportConfigurationTo(ConfigurationBinder.class.getModule());
                    } catch (RuntimeException | LinkageError e) {
                        if (!UnloadableConfiguration.isUnloadable(e)) {
                            throw e;
                        }
                        return new ProcedureResolver.Resolution.Refused(UnloadableConfiguration.reason(id, e));
                    }
                    return new ProcedureResolver.Resolution.Runnable(
                            new ResolvedProcedure(id, plugin.configType(), plugin::newInstance,
                                    plugin.description().coordinates()));
                })
                .orElseGet(() -> new ProcedureResolver.Resolution.Refused(refusal(id)));
    }

    /** The builtins and the plugins loaded so far: what this process could have run. */
    List<PluginCoordinates> loadedCoordinates() {
        return plugins.loaded().stream().map(p -> p.description().coordinates()).toList();
    }

    Optional<Path> lockPath() {
        return lock instanceof LockState.Loaded loaded ? Optional.of(loaded.path()) : Optional.empty();
    }

    List<PluginCoordinates> lockEntries() {
        return lock instanceof LockState.Loaded loaded
                ? loaded.lockfile().entries()
                : List.of();
    }
}
