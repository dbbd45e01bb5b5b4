package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capa plugins check}, as a plugin author's CI runs it on JARs before they reach a rig. */
class PluginsCheckTest {

    @TempDir
    Path dir;

    static Path example(String jar) {
        return Capa.image().resolve("modules").resolve(jar);
    }

    @Test
    void goodJarsPassWithIdPackageVersionAndTheFullHash() throws Exception {
        Path contrib = example("capa-contrib-0.3.1.jar");
        Path ramp = example("lab-ramp-1.2.0.jar");
        Capa.Result result = Capa.capa("plugins", "check", contrib.toString(), ramp.toString()).in(dir).run();
        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        assertEquals("capa.api: 1.0.0", lines.get(0));
        assertEquals(PluginsListTest.HEADER, lines.get(2));
        assertEquals(List.of("capa.contrib.hold_setpoint", "capa.contrib", "0.3.1", PluginsListTest.sha256(contrib)),
                List.of(lines.get(3).split(" +")));
        assertEquals(List.of("lab.ramp.thermal_ramp", "lab.ramp", "1.2.0", PluginsListTest.sha256(ramp)),
                List.of(lines.get(4).split(" +")));
        assertEquals("check: passed \u2014 2 procedures would load", lines.getLast());
        assertFalse(result.out().contains("capa.builtin."), "check lists only the given JARs");
    }

    @Test
    void aJarThatWouldBeRejectedFailsWithItsReason() throws Exception {
        Path notAJar = Files.writeString(dir.resolve("notes.jar"), "not a zip");
        Capa.Result result = Capa.capa("plugins", "check", example("lab-wash-0.9.2.jar").toString(),
                notAJar.toString(), example("lab-ramp-1.2.0.jar").toString()).in(dir).run();
        assertEquals(1, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        assertTrue(lines.get(3).startsWith("lab.ramp.thermal_ramp "), result::toString);
        int rejected = lines.indexOf("Rejected:");
        assertEquals("  lab.wash.plate_wash: contract_check_failed: missing async run()", lines.get(rejected + 1));
        assertTrue(lines.get(rejected + 2).startsWith("  notes.jar: not a valid JAR"), result::toString);
        assertEquals("check: FAILED \u2014 2 would be rejected", lines.getLast());
    }

    @Test
    void aMissingFileOrNoFileIsAUsageError() {
        Capa.Result missing = Capa.capa("plugins", "check", "nowhere.jar").in(dir).run();
        Capa.Result none = Capa.capa("plugins", "check").in(dir).run();
        assertEquals(2, missing.exitCode(), missing::toString);
        assertEquals("capa: nowhere.jar: no such file\n", missing.err());
        assertEquals(2, none.exitCode(), none::toString);
    }

    @Test
    void aPathThatIsNoFileSaysWhyAsTheSystemDoes() throws Exception {
        Files.createSymbolicLink(dir.resolve("loop.jar"), Path.of("loop.jar"));
        Files.createSymbolicLink(dir.resolve("dangling.jar"), Path.of("removed-build.jar"));
        Capa.Result loop = Capa.capa("plugins", "check", "loop.jar").in(dir).run();
        Capa.Result dangling = Capa.capa("plugins", "check", "dangling.jar").in(dir).run();
        assertEquals(2, loop.exitCode(), loop::toString);
        assertEquals("capa: loop.jar: symbolic link loop (too many levels of symbolic links)\n", loop.err());
        assertEquals(2, dangling.exitCode(), dangling::toString);
        assertEquals("capa: dangling.jar: broken symbolic link\n", dangling.err());
    }

    @Test
    void checkNeverRunsPluginCode() throws Exception {
        Path marker = dir.resolve("marker");
        Path jar = PluginsListTest.markerPlugin(Files.createDirectories(dir.resolve("build")), marker);
        Capa.Result result = Capa.capa("plugins", "check", jar.toString()).in(dir).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(Files.exists(marker), "check ran plugin code");
    }
}
