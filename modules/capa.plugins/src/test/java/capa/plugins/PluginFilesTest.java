package capa.plugins;

import static capa.plugins.TestPlugins.automatic;
import static capa.plugins.TestPlugins.info;
import static capa.plugins.TestPlugins.procedure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.PluginId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files in a plugin directory are plugins, and that none an operator drops is skipped silently. */
class PluginFilesTest {

    @TempDir
    Path modules;

    @TempDir
    Path store;

    private List<String> rejections() {
        return PluginDiscoveryTest.discoverDev(modules).rejected().stream().map(Rejection::line).toList();
    }

    @Test
    void theJarExtensionCountsInAnyLetterCase() {
        for (String name : List.of("LAB-PROBE-2.0.JAR", "lab-mixed-1.1.Jar")) {
            String pkg = name.startsWith("LAB") ? "lab.upper" : "lab.mixed";
            automatic(pkg, "P", procedure(pkg, "P", info(pkg + ".proc"), "")).writeTo(modules.resolve(name));
        }
        PluginReport report = PluginDiscoveryTest.discoverDev(modules);
        assertEquals(List.of(), report.rejected());
        PluginDescription upper = report.loaded(PluginId.parse("lab.upper.proc")).orElseThrow().description();
        assertEquals("LAB.PROBE", upper.packageName());
        assertEquals("2.0", upper.version());
        assertEquals("1.1", report.loaded(PluginId.parse("lab.mixed.proc")).orElseThrow().description().version());
    }

    @Test
    void aBrowsersSecondDownloadKeepsTheVersionTheJdkDerives() {
        automatic("lab.dl", "P", procedure("lab.dl", "P", info("lab.dl.proc"), "")).writeTo(modules.resolve("x-2.0 (1).jar"));
        PluginDescription d = PluginDiscoveryTest.discoverDev(modules).loaded(PluginId.parse("lab.dl.proc"))
                .orElseThrow().description();
        assertEquals("x", d.packageName());
        assertEquals("2.0 (1)", d.version());
    }

    @Test
    void aDanglingSymlinkADirectoryAndAFileNamedOnlyDotJarEachGetTheirOwnLine() throws IOException {
        Files.createSymbolicLink(modules.resolve("lab-gone-1.0.jar"), modules.resolve("nowhere/lab-gone-1.0.jar"));
        Files.createSymbolicLink(modules.resolve("loop.jar"), modules.resolve("loop.jar"));
        Files.createDirectory(modules.resolve("unpacked.jar"));
        Files.writeString(modules.resolve("notes.txt"), "not a plugin, not mentioned");
        List<String> lines = rejections();
        assertEquals(3, lines.size(), lines::toString);
        assertEquals("lab-gone-1.0.jar: cannot be read: broken symbolic link", lines.get(0));
        assertEquals("loop.jar: cannot be read: symbolic link loop (too many levels of symbolic links)", lines.get(1));
        assertEquals("unpacked.jar: cannot be read: a directory, not a JAR file", lines.get(2));
    }

    @Test
    void aSymlinkToAJarIsThatJar() throws IOException {
        Path real = automatic("lab.link", "P", procedure("lab.link", "P", info("lab.link.proc"), ""))
                .writeTo(store.resolve("lab-link-3.0.jar"));
        Files.createSymbolicLink(modules.resolve("lab-link-3.0.jar"), real);
        assertEquals("3.0", PluginDiscoveryTest.discoverDev(modules).loaded(PluginId.parse("lab.link.proc"))
                .orElseThrow().description().version());
    }
}
