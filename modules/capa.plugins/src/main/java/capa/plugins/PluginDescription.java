package capa.plugins;

import capa.base.DistributionHash;
import capa.base.PluginCoordinates;
import capa.base.PluginId;
import java.util.Objects;

/**
 * What capa knows about one discovered procedure, all of it read without running plugin code:
 * its coordinates (what a lock entry pins and a run's manifest records) and how it presents
 * itself.
 *
 * @param coordinates which plugin bytes it comes from: id, package, version, entry point, hash
 * @param name its display name
 * @param description its description, possibly empty
 * @param builtin whether it ships inside capa
 */
public record PluginDescription(PluginCoordinates coordinates, String name, String description, boolean builtin) {

    public PluginDescription {
        Objects.requireNonNull(coordinates, "coordinates");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }

    /** The procedure id. */
    public PluginId id() {
        return coordinates.id();
    }

    /** The module that provides it ({@code capa} for builtins). */
    public String packageName() {
        return coordinates.packageName();
    }

    /** The module version, or {@code unversioned}. */
    public String version() {
        return coordinates.version();
    }

    /** {@code <module>/<provider class>}. */
    public String entryPoint() {
        return coordinates.entryPoint();
    }

    /** The digest of the plugin JAR or bundle (for builtins, of capa's own modules). */
    public DistributionHash hash() {
        return coordinates.hash();
    }
}
