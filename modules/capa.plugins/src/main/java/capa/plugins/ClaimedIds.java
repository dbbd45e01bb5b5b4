package capa.plugins;

import capa.base.PluginId;
import capa.plugins.jar.InMemoryJar;
import capa.plugins.jar.PeekedJar;
import capa.plugins.metadata.JarMetadata;
import capa.plugins.metadata.JarMetadataReader;
import capa.plugins.metadata.NotAPluginException;
import capa.plugins.metadata.ProviderInfoReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The procedure ids a JAR claims, read from a {@link PeekedJar}: its descriptor or service
 * file and its providers' {@code @ProcedureInfo}, with no hash and no class defined. Only
 * tells {@link RunPlugins} where to look.
 */
final class ClaimedIds {

    private ClaimedIds() {
    }

    /**
     * The well-formed ids {@code jar}'s providers declare, once per provider; none for a JAR
     * that cannot be read, whatever the reason: it could not load either, and the full
     * discovery that explains a refusal reports it.
     */
    static List<PluginId> of(Path jar) {
        try {
            InMemoryJar peeked = PeekedJar.read(jar);
            JarMetadata metadata = JarMetadataReader.read(jar.getFileName().toString(), peeked);
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
        } catch (Exception | StackOverflowError unreadable) {
            return List.of();
        }
    }
}
