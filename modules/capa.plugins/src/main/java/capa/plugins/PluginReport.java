package capa.plugins;

import capa.base.PluginId;
import capa.base.PluginMode;
import capa.plugins.lock.LockState;
import java.util.List;
import java.util.Optional;

/**
 * Everything one discovery found: what loads, what was rejected and why, and how the
 * installed plugins differ from {@code plugins.lock}. Lists are in discovery order (builtins,
 * then each plugin directory in the order given, its JARs sorted by file name).
 *
 * @param mode the mode the report was made under
 * @param lock what the lock lookup found
 * @param loaded procedures that passed gating and the contract check
 * @param rejected procedures and files that did not, one line each
 * @param drift differences from the lock
 */
public record PluginReport(PluginMode mode, LockState lock, List<LoadedPlugin> loaded,
                           List<Rejection> rejected, List<Drift> drift) {

    public PluginReport {
        loaded = List.copyOf(loaded);
        rejected = List.copyOf(rejected);
        drift = List.copyOf(drift);
    }

    public Optional<LoadedPlugin> loaded(PluginId id) {
        return loaded.stream().filter(p -> p.description().id().equals(id)).findFirst();
    }

    /** The rejection whose subject is this id, if any. */
    public Optional<Rejection> rejection(PluginId id) {
        return rejected.stream().filter(r -> r.subject().equals(id.value())).findFirst();
    }
}
