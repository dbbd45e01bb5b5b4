package capa.plugins.metadata;

import static capa.plugins.metadata.JarBytes.jar;
import static org.junit.jupiter.api.Assertions.assertEquals;

import capa.plugins.jar.InMemoryJar;
import capa.plugins.layer.PluginLayers;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The plugin's layer reads a multi-release JAR through the same view as its descriptor: a
 * resource is the versioned entry for the runtime, and the module's reader lists base names.
 * No plugin class is loaded here.
 */
class VersionedLayerTest {

    @Test
    void theLayerServesTheVersionedResourceAndListsBaseNames() throws Exception {
        int feature = Runtime.version().feature();
        byte[] bytes = jar().manifest("Multi-Release", "true")
                .classes("lab/probe/Probe.class")
                .service(JarMetadataReader.SERVICE, "lab.probe.Probe\n")
                .entry("lab/probe/data.txt", "base")
                .entry("META-INF/versions/11/lab/probe/data.txt", "eleven")
                .entry("META-INF/versions/" + (feature + 1) + "/lab/probe/data.txt", "future")
                .entry("META-INF/versions/17/lab/probe/only17.txt", "seventeen")
                .bytes();
        JarMetadata metadata = JarMetadataReader.read("lab-probe-1.0.jar", InMemoryJar.parse(bytes));
        ModuleLayer layer = PluginLayers.define(metadata.descriptor(), URI.create("file:///plugins/lab-probe-1.0.jar"),
                metadata.content()).layer();
        Module module = layer.findModule("lab.probe").orElseThrow();
        try (InputStream in = module.getResourceAsStream("lab/probe/data.txt")) {
            assertEquals("eleven", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (InputStream in = module.getResourceAsStream("lab/probe/only17.txt")) {
            assertEquals("seventeen", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Set<String> listed;
        try (var reader = layer.configuration().findModule("lab.probe").orElseThrow().reference().open()) {
            listed = reader.list().filter(n -> n.startsWith("lab/")).collect(Collectors.toSet());
        }
        assertEquals(Set.copyOf(List.of("lab/probe/Probe.class", "lab/probe/data.txt", "lab/probe/only17.txt")), listed);
    }
}
