package capa.plugins.gate;

import capa.base.PluginMode;
import capa.plugins.Drift;
import capa.plugins.PluginDescription;
import capa.base.PluginCoordinates;
import capa.plugins.lock.LockState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one gating rule that {@code plugins list}, {@code trust}, {@code verify} and {@code run}
 * share. It decides from a procedure's description alone (read from the JAR's bytes and its
 * digest), so that a procedure that fails it never gets a layer.
 *
 * <p>dev: everything passes. production with a usable lock: builtins pass; third-party
 * procedures pass only when their lock entry matches every field exactly: id, package,
 * version, entry point and hash (the hash compared in constant time). production without a usable lock: nothing
 * passes, builtins included.
 */
public final class Gate {

    private Gate() {
    }

    public static GateDecision decide(PluginMode mode, LockState lock, PluginDescription plugin) {
        if (mode == PluginMode.DEV) {
            return new GateDecision.Trusted();
        }
        if (!(lock instanceof LockState.Loaded loaded)) {
            return new GateDecision.Untrusted(List.of(GateDecision.Kind.NO_USABLE_LOCK));
        }
        if (plugin.builtin()) {
            return new GateDecision.Trusted();
        }
        Optional<PluginCoordinates> entry = loaded.lockfile().entry(plugin.id());
        if (entry.isEmpty()) {
            return new GateDecision.Untrusted(List.of(GateDecision.Kind.MISSING_FROM_LOCK));
        }
        List<Drift.Field> fields = mismatches(plugin, entry.get());
        if (fields.isEmpty()) {
            return new GateDecision.Trusted();
        }
        List<GateDecision.Kind> kinds = new ArrayList<>();
        if (fields.contains(Drift.Field.HASH)) {
            kinds.add(GateDecision.Kind.HASH_MISMATCH);
        }
        if (fields.contains(Drift.Field.VERSION)) {
            kinds.add(GateDecision.Kind.VERSION_MISMATCH);
        }
        if (fields.contains(Drift.Field.ENTRY_POINT)) {
            kinds.add(GateDecision.Kind.ENTRY_POINT_MISMATCH);
        }
        if (fields.contains(Drift.Field.PACKAGE)) {
            kinds.add(GateDecision.Kind.PACKAGE_MISMATCH);
        }
        return new GateDecision.Untrusted(kinds);
    }

    /**
     * The fields in which the installed procedure differs from its lock entry (found by id, so
     * the id always matches). Every other field of the entry is compared: a lock entry holds
     * nothing that goes unchecked, since each value ends up in run records.
     */
    public static List<Drift.Field> mismatches(PluginDescription plugin, PluginCoordinates entry) {
        List<Drift.Field> fields = new ArrayList<>();
        if (!entry.version().equals(plugin.version())) {
            fields.add(Drift.Field.VERSION);
        }
        if (!entry.hash().matches(plugin.hash())) {
            fields.add(Drift.Field.HASH);
        }
        if (!entry.entryPoint().equals(plugin.entryPoint())) {
            fields.add(Drift.Field.ENTRY_POINT);
        }
        if (!entry.packageName().equals(plugin.packageName())) {
            fields.add(Drift.Field.PACKAGE);
        }
        return fields;
    }

    /** A drift line per differing field. */
    public static List<Drift> drift(PluginDescription plugin, PluginCoordinates entry) {
        List<Drift> drift = new ArrayList<>();
        for (Drift.Field field : mismatches(plugin, entry)) {
            drift.add(switch (field) {
                case VERSION -> new Drift.FieldDrift(plugin.id(), field, entry.version(), plugin.version());
                case HASH -> new Drift.FieldDrift(plugin.id(), field,
                        entry.hash().toString(), plugin.hash().toString());
                case ENTRY_POINT -> new Drift.FieldDrift(plugin.id(), field, entry.entryPoint(), plugin.entryPoint());
                case PACKAGE -> new Drift.FieldDrift(plugin.id(), field, entry.packageName(), plugin.packageName());
            });
        }
        return drift;
    }
}
