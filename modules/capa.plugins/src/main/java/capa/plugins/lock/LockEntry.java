package capa.plugins.lock;

import capa.base.DistributionHash;
import capa.base.PluginCoordinates;
import capa.base.PluginId;
import java.util.Objects;

/**
 * One {@code [[plugins]]} block of {@code plugins.lock}: what a lab lead trusted.
 *
 * @param id the procedure id
 * @param packageName the module that provides it ({@code capa} for builtins)
 * @param version the module version, or {@code unversioned}
 * @param entryPoint {@code <module>/<provider class>}
 * @param distributionHash the digest of the plugin JAR that was trusted
 */
public record LockEntry(PluginId id, String packageName, String version, String entryPoint,
                        DistributionHash distributionHash) {

    public LockEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(entryPoint, "entryPoint");
        Objects.requireNonNull(distributionHash, "distributionHash");
    }

    /** The entry's values as the coordinates a run's manifest records. */
    public PluginCoordinates coordinates() {
        return new PluginCoordinates(id, packageName, version, entryPoint, distributionHash);
    }
}
