package capa.base;

import java.util.Objects;

/**
 * Which plugin bytes a procedure comes from: the five values that {@code plugins.lock} pins, that
 * discovery reads from a JAR without running it, and that a run's manifest records so that a
 * later reader can tell exactly what produced a result.
 *
 * @param id the procedure id
 * @param packageName the module that provides it ({@code capa} for builtins)
 * @param version the module version, or {@code unversioned}
 * @param entryPoint {@code <module>/<provider class>}
 * @param hash the digest of the plugin JAR (for builtins, of capa's own modules)
 */
public record PluginCoordinates(PluginId id, String packageName, String version, String entryPoint,
                                DistributionHash hash) {

    /** @throws NullPointerException naming the component that is {@code null} */
    public PluginCoordinates {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(entryPoint, "entryPoint");
        Objects.requireNonNull(hash, "hash");
    }
}
