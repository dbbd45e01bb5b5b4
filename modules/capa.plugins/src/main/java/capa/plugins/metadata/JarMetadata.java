package capa.plugins.metadata;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Optional;

/**
 * What a plugin JAR says about itself, read from its bytes before any of its classes exist.
 *
 * @param descriptor its module descriptor, read from {@code module-info.class} or derived as
 *     for an automatic module, as {@link java.lang.module.ModuleFinder#of} would
 * @param version the version shown and locked: the descriptor's, else for an automatic module
 *     the manifest's {@code Implementation-Version}, else {@code unversioned}
 * @param providers the provider classes of {@code capa.api.Procedure}, in declared order
 * @param capaApiCompiledVersion the {@code capa.api} version a named module was compiled
 *     against, when recorded
 * @param content the JAR as the runtime reads it: provider classes for the contract check and
 *     the classes and resources of the plugin's layer are read through it, so that all of them
 *     are the same (for a multi-release JAR, versioned) entries the descriptor was read from
 */
public record JarMetadata(ModuleDescriptor descriptor, String version, List<String> providers,
                          Optional<ModuleDescriptor.Version> capaApiCompiledVersion, VersionedJar content) {

    public static final String UNVERSIONED = "unversioned";

    public JarMetadata {
        providers = List.copyOf(providers);
    }

    public String moduleName() {
        return descriptor.name();
    }

    public boolean bundlesCapaApi() {
        return descriptor.packages().contains("capa.api");
    }
}
