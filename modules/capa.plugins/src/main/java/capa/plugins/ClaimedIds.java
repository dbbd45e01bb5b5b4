package capa.plugins;

import capa.base.PluginId;
import capa.plugins.jar.PeekedJar;
import capa.plugins.metadata.JarMetadata;
import capa.plugins.metadata.JarMetadataReader;
import capa.plugins.metadata.NotAPluginException;
import capa.plugins.metadata.ProviderInfoReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The procedure ids a JAR or a bundle claims, read from a {@link PeekedJar} of each JAR: its
 * descriptor or service file and its providers' {@code @ProcedureInfo}, with no hash and no
 * class defined. Only tells {@link RunPlugins} where to look.
 */
final class ClaimedIds {

    private ClaimedIds() {
    }

    /**
     * The well-formed ids {@code jar}'s providers declare (for a bundle directory, every
     * JAR's), once per provider; none for a JAR or bundle that cannot be read, whatever the
     * reason: it could not load either, and the full discovery that explains a refusal
     * reports it.
     */
    static List<PluginId> of(Path jar) {
        try {
            if (Files.isDirectory(jar)) {
                List<PluginId> ids = new ArrayList<>();
                for (Path file : PluginBundle.list(jar).jars()) {
                    ids.addAll(ids(JarMetadataReader.readModule(file.getFileName().toString(), PeekedJar.read(file))));
                }
                return ids;
            }
            return ids(JarMetadataReader.read(jar.getFileName().toString(), PeekedJar.read(jar)));
        } catch (Exception | VirtualMachineError | LinkageError unreadable) {
            return List.of();
        }
    }

    private static List<PluginId> ids(JarMetadata metadata) {
        List<PluginId> ids = new ArrayList<>();
        for (String provider : metadata.providers()) {
            try {
                ProviderInfoReader.read(metadata.content(), provider).id()
                        .filter(PluginId::isWellFormed)
                        .map(PluginId::parse)
                        .ifPresent(ids::add);
            } catch (NotAPluginException providerUnreadable) {
                // The full examination rejects this provider alone; the JAR's others stand.
            }
        }
        return ids;
    }
}
