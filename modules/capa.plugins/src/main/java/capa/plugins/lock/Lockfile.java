package capa.plugins.lock;

import capa.base.PluginCoordinates;
import capa.base.PluginId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed, valid {@code plugins.lock} (schema v1): its entries in file order.
 *
 * <p>Value semantics as a record's ({@code version} and {@code entries}); it is a class only
 * so that it can keep an index by id: discovery looks up every installed procedure, and a
 * scan per lookup made a lock of a thousand entries cost a million comparisons.
 */
public final class Lockfile {

    /** The only schema version this capa reads and writes. */
    public static final int SCHEMA_VERSION = 1;

    private final int version;
    private final List<PluginCoordinates> entries;
    private final Map<PluginId, PluginCoordinates> byId;

    /**
     * @param version the schema version ({@value #SCHEMA_VERSION})
     * @param entries the trusted entries, ids unique, in the order they appear in the file
     */
    public Lockfile(int version, List<PluginCoordinates> entries) {
        this.version = version;
        this.entries = List.copyOf(entries);
        this.byId = new HashMap<>(this.entries.size() * 2);
        // The first entry wins, as a scan in file order would find it.
        this.entries.forEach(entry -> byId.putIfAbsent(entry.id(), entry));
    }

    public int version() {
        return version;
    }

    public List<PluginCoordinates> entries() {
        return entries;
    }

    public Optional<PluginCoordinates> entry(PluginId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Lockfile that && version == that.version && entries.equals(that.entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, entries);
    }

    @Override
    public String toString() {
        return "Lockfile[version=" + version + ", entries=" + entries + "]";
    }
}
