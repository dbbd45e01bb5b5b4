package capa.plugins.lock;

import capa.plugins.PluginId;
import java.util.List;
import java.util.Optional;

/**
 * A parsed, valid {@code plugins.lock} (schema v1): its entries in file order.
 *
 * @param version the schema version ({@value #SCHEMA_VERSION})
 * @param entries the trusted entries, ids unique, in the order they appear in the file
 */
public record Lockfile(int version, List<LockEntry> entries) {

    /** The only schema version this capa reads and writes. */
    public static final int SCHEMA_VERSION = 1;

    public Lockfile {
        entries = List.copyOf(entries);
    }

    public Optional<LockEntry> entry(PluginId id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst();
    }
}
