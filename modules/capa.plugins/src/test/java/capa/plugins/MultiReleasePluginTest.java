package capa.plugins;

import static capa.plugins.TestPlugins.info;
import static capa.plugins.TestPlugins.named;
import static org.junit.jupiter.api.Assertions.assertEquals;

import capa.base.PluginId;
import capa.testkit.PluginJar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-release plugin whose module descriptor and provider exist only under
 * META-INF/versions/11: it loads as the named module the JDK resolves, and the provider class
 * whose annotation gives the id is the class its layer defines.
 */
class MultiReleasePluginTest {

    @TempDir
    Path modules;

    /** Compiler output: a directory in the plugin directory would be taken for a bundle. */
    @TempDir
    Path work;

    private static String versionedProbe() {
        return """
                package lab.mr;
                import capa.api.*;
                import java.util.List;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.CompletionStage;
                @ProcedureInfo(id = "lab.mr.versioned", name = "Versioned")
                public final class Probe implements Procedure<Probe.Config> {
                    public record Config(String versionedSetting) {}
                    public CompletionStage<List<Problem>> preflight(ProcedureContext c, Config k) {
                        return CompletableFuture.completedFuture(List.of());
                    }
                    public CompletionStage<Void> run(ProcedureContext c, Config k) {
                        return CompletableFuture.completedFuture(null);
                    }
                }
                """;
    }

    /** Base classes at the root (no module-info there), the module and newer classes under versions/11. */
    private Path multiRelease(String fileName, boolean declared) throws IOException {
        Path base = named("lab.mr", "lab.mr", "Probe", "lab.mr.base").compileTo(work.resolve("base-classes"));
        Path versioned = PluginJar.builder()
                .moduleInfo("module lab.mr { requires capa.api; provides capa.api.Procedure with lab.mr.Probe; }")
                .source("lab/mr/Probe.java", versionedProbe())
                .moduleVersion("2.0.0")
                .compileTo(work.resolve("versioned-classes"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (declared) {
            manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        }
        Path jar = modules.resolve(fileName);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            for (String cls : List.of("lab/mr/Probe.class", "lab/mr/Probe$Config.class")) {
                put(zip, cls, Files.readAllBytes(base.resolve(cls)));
            }
            for (String cls : List.of("module-info.class", "lab/mr/Probe.class", "lab/mr/Probe$Config.class")) {
                put(zip, "META-INF/versions/11/" + cls, Files.readAllBytes(versioned.resolve(cls)));
            }
        }
        return jar;
    }

    private static void put(JarOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new JarEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    @Test
    void theVersionedDescriptorAndProviderAreTheOnesReadCheckedAndDefined() throws IOException {
        Path jar = multiRelease("lab-mr.jar", true);
        PluginReport report = PluginDiscoveryTest.discoverDev(modules);
        assertEquals(List.of(), report.rejected().stream().map(Rejection::line).toList());
        LoadedPlugin plugin = report.loaded(PluginId.parse("lab.mr.versioned")).orElseThrow();
        PluginDescription d = plugin.description();
        assertEquals("lab.mr", d.packageName());
        assertEquals("2.0.0", d.version());
        assertEquals("lab.mr/lab.mr.Probe", d.entryPoint());
        assertEquals(PluginDiscoveryTest.sha256(jar), d.hash().toString());
        assertEquals("versionedSetting", plugin.configType().getRecordComponents()[0].getName());
        assertEquals(java.util.Optional.empty(), report.loaded(PluginId.parse("lab.mr.base")));
    }

    @Test
    void withoutMultiReleaseInTheManifestTheVersionedEntriesAreIgnoredAsByTheJdk() throws IOException {
        multiRelease("lab-mr.jar", false);
        assertEquals(List.of("lab-mr.jar: provides no procedure"),
                PluginDiscoveryTest.discoverDev(modules).rejected().stream().map(Rejection::line).toList());
    }
}
