package capa.runner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which plugin bytes a procedure came from, as a run's manifest records it: enough for a
 * later reader to tell exactly what produced a result. Also used for the lock entries that
 * were in force.
 *
 * @param id the procedure id
 * @param packageName the module that provides it ({@code capa} for builtins)
 * @param version the module version
 * @param entryPoint {@code <module>/<provider class>}
 * @param hash the distribution hash, {@code sha256:<hex>}
 */
public record PluginProvenance(String id, String packageName, String version, String entryPoint,
                               String hash) {

    public PluginProvenance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(entryPoint, "entryPoint");
        Objects.requireNonNull(hash, "hash");
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("package", packageName);
        json.put("version", version);
        json.put("entry_point", entryPoint);
        json.put("hash", hash);
        return json;
    }
}
