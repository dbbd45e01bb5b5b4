package capa.plugins.metadata;

import capa.plugins.jar.InMemoryJar;
import capa.plugins.jar.JarFormatException;
import capa.plugins.jar.JarText;
import capa.plugins.lock.LockValue;
import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Optional;

/**
 * Reads a plugin JAR's module and its {@code capa.api.Procedure} providers from the in-memory
 * copy: the module as {@link java.lang.module.ModuleFinder#of} finds it ({@link JarModuleReader},
 * through the runtime's view of a multi-release JAR, {@link VersionedJar}), then what capa adds:
 * the version shown and locked (the module's, else for an automatic module the manifest's
 * {@code Implementation-Version}), and the one rule for every value that flows into the lock
 * and the journal ({@link LockValue}), checked here so that whatever discovery accepts can be
 * trusted and revoked.
 */
public final class JarMetadataReader {

    public static final String SERVICE = "capa.api.Procedure";

    private JarMetadataReader() {
    }

    /**
     * @param fileName the JAR's file name, for automatic module naming
     * @throws NotAPluginException when the JAR is not a usable plugin, with the reason
     */
    public static JarMetadata read(String fileName, InMemoryJar jar) throws NotAPluginException {
        JarMetadata metadata = readModule(fileName, jar);
        if (metadata.providers().isEmpty()) {
            throw new NotAPluginException(NotAPluginException.Kind.NO_PROCEDURE, "provides no procedure");
        }
        return metadata;
    }

    /**
     * Reads a JAR of a bundle, which may be a library that provides no procedure: as
     * {@link #read}, but without requiring a provider. The values that flow into the lock
     * (module name, providers, version) are checked only for a module that provides a
     * procedure; a library's never reach the lock.
     *
     * @param fileName the JAR's file name, for automatic module naming
     * @throws NotAPluginException when the JAR is not a usable module, with the reason
     */
    public static JarMetadata readModule(String fileName, InMemoryJar jar) throws NotAPluginException {
        try {
            VersionedJar content = VersionedJar.of(jar);
            JarModule module = JarModuleReader.read(fileName, content);
            ModuleDescriptor descriptor = module.descriptor();
            List<String> providers = descriptor.provides().stream()
                    .filter(p -> p.service().equals(SERVICE))
                    .flatMap(p -> p.providers().stream())
                    .distinct()
                    .toList();
            boolean recorded = !providers.isEmpty();
            if (recorded) {
                requireRecordable("module name", descriptor.name(), module.nameSource());
            }
            JarModule.Source listedIn = descriptor.isAutomatic()
                    ? new JarModule.Source(JarModuleReader.SERVICES + SERVICE, "fix the services file")
                    : module.nameSource();
            for (String provider : providers) {
                requireRecordable("provider class", provider, listedIn);
            }
            String version = JarMetadata.UNVERSIONED;
            if (descriptor.rawVersion().isPresent()) {
                version = descriptor.rawVersion().get();
                if (recorded) {
                    requireRecordable("version", version, module.versionSource().orElseThrow());
                }
            } else if (descriptor.isAutomatic()) {
                String declared = content.manifest().getValue("Implementation-Version");
                if (declared != null && !declared.isBlank()) {
                    version = declared.strip();
                    if (recorded) {
                        requireRecordable("version", version, JarModule.Source.IMPLEMENTATION_VERSION);
                    }
                }
            }
            Optional<ModuleDescriptor.Version> compiledAgainst = descriptor.requires().stream()
                    .filter(r -> r.name().equals("capa.api"))
                    .findFirst()
                    .flatMap(ModuleDescriptor.Requires::compiledVersion);
            return new JarMetadata(descriptor, version, providers, compiledAgainst, content);
        } catch (JarFormatException e) {
            throw new NotAPluginException(NotAPluginException.Kind.INVALID_JAR, "not a valid JAR (" + e.getMessage() + ")");
        }
    }

    private static void requireRecordable(String what, String value, JarModule.Source source)
            throws NotAPluginException {
        Optional<String> problem = LockValue.problem(value);
        if (problem.isPresent()) {
            throw new NotAPluginException(NotAPluginException.Kind.INVALID_MODULE, what + " '" + JarText.printable(value, 120) + "' from " + source.what()
                    + " " + problem.get() + ", which plugins.lock cannot record: " + source.fix());
        }
    }
}
