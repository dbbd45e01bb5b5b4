package capa.plugins.metadata;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Optional;

/**
 * What a plugin JAR says about itself, read from its bytes before any of its classes exist.
 *
 * @param descriptor its module descriptor, read from {@code module-info.class} or derived as
 *     for an automatic module
 * @param version the version shown and locked: the descriptor's, else {@code unversioned}
 * @param providers the provider classes of {@code capa.api.Procedure}, in declared order
 * @param capaApiCompiledVersion the {@code capa.api} version a named module was compiled
 *     against, when recorded
 */
public record JarMetadata(ModuleDescriptor descriptor, String version, List<String> providers,
                          Optional<ModuleDescriptor.Version> capaApiCompiledVersion) {

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
