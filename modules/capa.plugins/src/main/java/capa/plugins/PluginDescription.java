package capa.plugins;

import capa.base.DistributionHash;
import capa.base.PluginCoordinates;
import capa.base.PluginId;
import capa.plugins.lock.LockEntry;
import java.util.Objects;

/**
 * What capa knows about one discovered procedure, all of it read without running plugin code.
 *
 * @param id the procedure id
 * @param name its display name
 * @param description its description, possibly empty
 * @param packageName the module that provides it ({@code capa} for builtins)
 * @param version the module version, or {@code unversioned}
 * @param entryPoint {@code <module>/<provider class>}
 * @param hash the digest of the plugin JAR (for builtins, of capa's own modules)
 * @param builtin whether it ships inside capa
 */
public record PluginDescription(PluginId id, String name, String description, String packageName,
                                String version, String entryPoint, DistributionHash hash,
                                boolean builtin) {

    public PluginDescription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(entryPoint, "entryPoint");
        Objects.requireNonNull(hash, "hash");
    }

    /** Which plugin bytes this procedure comes from. */
    public PluginCoordinates coordinates() {
        return new PluginCoordinates(id, packageName, version, entryPoint, hash);
    }

    /** The lock entry that trusts exactly this procedure. */
    public LockEntry toLockEntry() {
        return new LockEntry(id, packageName, version, entryPoint, hash);
    }
}
