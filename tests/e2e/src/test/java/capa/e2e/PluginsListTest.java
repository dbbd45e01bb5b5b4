package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.testkit.PluginJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capa plugins list} against the image, as an operator runs it. */
class PluginsListTest {

    static final String HEADER = "id                                        package               version     hash";

    @TempDir
    Path dir;

    static String sha256(Path file) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    static Path markerPlugin(Path modules, Path marker) {
        // No exception swallowed: a marker that cannot be written fails the plugin loudly.
        String touch = "try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + marker
                + "\"), \"ran\", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND); }"
                + " catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }";
        return PluginJar.builder()
                .moduleInfo("module lab.marker { requires capa.api; provides capa.api.Procedure with lab.marker.Marker; }")
                .source("lab/marker/Marker.java", """
                        package lab.marker;
                        import capa.api.*;
                        import java.util.List;
                        import java.util.concurrent.*;
                        @ProcedureInfo(id = "lab.marker.proc", name = "Marker")
                        public final class Marker implements Procedure<Marker.Config> {
                            public record Config(int n) {}
                            static { %1$s }
                            public Marker() { %1$s }
                            public CompletionStage<List<Problem>> preflight(ProcedureContext c, Config k) { return null; }
                            public CompletionStage<Void> run(ProcedureContext c, Config k) { return null; }
                        }
                        """.formatted(touch))
                .moduleVersion("1.0.0")
                .writeTo(modules.resolve("lab-marker-1.0.0.jar"));
    }

    @Test
    void theDefaultListShowsBuiltinsAndExamplesAndTheLegacyRejection() {
        Capa.Result result = Capa.capa("plugins", "list").in(dir).env(Map.of("LANG", "C", "LC_ALL", "C")).run();
        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        assertEquals("plugin mode: dev", lines.get(0));
        assertEquals("plugins.lock: (none)", lines.get(1));
        assertEquals("", lines.get(2));
        assertEquals(HEADER, lines.get(3));
        List<String> ids = lines.subList(4, 10).stream().map(l -> l.split(" +")[0]).toList();
        assertEquals(List.of("capa.builtin.free_run", "capa.builtin.recipe_runner", "capa.builtin.batch",
                "capa.contrib.hold_setpoint", "lab.fit.setpoint_fit", "lab.ramp.thermal_ramp"), ids);
        assertTrue(lines.get(4).matches("capa\\.builtin\\.free_run {21}capa {18}0\\.1\\.0 {7}sha256:[0-9a-f]{12}\u2026"),
                lines.get(4));
        assertEquals(List.of("", "Rejected:", "  lab.wash.plate_wash: contract_check_failed: missing async run()"),
                lines.subList(10, lines.size()));
    }

    @Test
    void fullHashPrintsTheWholeDigest() throws Exception {
        Path jar = Capa.image().resolve("modules/capa-contrib-0.3.1.jar");
        String digest = sha256(jar);
        Capa.Result result = Capa.capa("plugins", "list", "--full-hash").in(dir).run();
        assertTrue(result.outLines().stream().anyMatch(l -> l.startsWith("capa.contrib.hold_setpoint ")
                && l.endsWith("  " + digest)), result::toString);
    }

    @Test
    void productionWithoutALockLoadsNothingAndSaysWhy() {
        Capa.Result result = Capa.capa("plugins", "list", "--plugin-mode", "production").in(dir)
                .env(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("plugin mode: production",
                "plugins.lock: (none \u2014 production mode requires one to gate trust)", "",
                "(no plugins loaded)"), result.outLines());
    }

    @Test
    void productionWithALockLoadsTrustedAndRejectsTheRest() throws Exception {
        Path jar = Capa.image().resolve("modules/capa-contrib-0.3.1.jar");
        Path lock = dir.resolve("plugins.lock");
        Files.writeString(lock, """
                version = 1

                [[plugins]]
                id = "capa.contrib.hold_setpoint"
                package = "capa.contrib"
                version = "0.3.0"
                entry_point = "capa.contrib/capa.contrib.HoldSetpoint"
                distribution_hash = "%s"
                """.formatted(sha256(jar)));
        Capa.Result result = Capa.capa("plugins", "list").in(dir)
                .env(Map.of("CAPA_PLUGIN_MODE", "production")).run();
        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        assertEquals("plugins.lock: " + lock.toRealPath() + " (schema v1)", lines.get(1));
        assertTrue(lines.contains("  capa.contrib.hold_setpoint: VERSION_MISMATCH"), result::toString);
        assertTrue(lines.contains("  lab.ramp.thermal_ramp: MISSING_FROM_LOCK"), result::toString);
        assertTrue(lines.contains("  capa.contrib.hold_setpoint: version (expected='0.3.0', actual='0.3.1')"),
                result::toString);
        assertTrue(lines.get(4).startsWith("capa.builtin.free_run "), result::toString);
    }

    @Test
    void aMalformedLockIsReportedWithLineAndColumnAndListStillExitsZero() throws Exception {
        Files.writeString(dir.resolve("plugins.lock"), "version = 1\ncolour = \"blue\"\n");
        Capa.Result result = Capa.capa("plugins", "list", "--plugin-mode", "production").in(dir).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("plugins.lock:2:1"), result::toString);
        assertTrue(result.out().contains("(no plugins loaded)"), result::toString);
    }

    @Test
    void listNeverRunsPluginCodeInDevOrProduction() throws Exception {
        Path modules = Files.createDirectories(dir.resolve("modules"));
        Path marker = dir.resolve("marker");
        Path jar = markerPlugin(modules, marker);
        Capa.Result dev = Capa.capa("plugins", "list", "--modules", modules.toString()).in(dir).run();
        assertTrue(dev.out().contains("lab.marker.proc "), dev::toString);
        Files.writeString(dir.resolve("plugins.lock"), """
                version = 1

                [[plugins]]
                id = "lab.marker.proc"
                package = "lab.marker"
                version = "1.0.0"
                entry_point = "lab.marker/lab.marker.Marker"
                distribution_hash = "%s"
                """.formatted(sha256(jar)));
        Capa.Result production = Capa.capa("plugins", "list", "--plugin-mode", "production",
                "--modules", modules.toString()).in(dir).run();
        assertTrue(production.out().contains("lab.marker.proc "), production::toString);
        assertFalse(Files.exists(marker), "plugins list ran plugin code");
        // The control: the marker does appear when the plugin's code runs.
        Capa.Result run = Capa.capa("run", "--procedure", "lab.marker.proc", "--set", "n=1",
                "--modules", modules.toString()).in(dir).run();
        assertTrue(Files.exists(marker), "capa run left no marker: " + run);
    }

    @Test
    void aJarClaimingABuiltinIdIsRejectedAndTheBuiltinStays() throws IOException {
        Path modules = Files.createDirectories(dir.resolve("modules"));
        PluginJar.builder()
                .moduleInfo("module lab.fake { requires capa.api; provides capa.api.Procedure with lab.fake.Fake; }")
                .source("lab/fake/Fake.java", """
                        package lab.fake;
                        import capa.api.*;
                        import java.util.List;
                        import java.util.concurrent.*;
                        @ProcedureInfo(id = "capa.builtin.free_run", name = "Fake")
                        public final class Fake implements Procedure<Fake.Config> {
                            public record Config(int n) {}
                            public CompletionStage<List<Problem>> preflight(ProcedureContext c, Config k) { return null; }
                            public CompletionStage<Void> run(ProcedureContext c, Config k) { return null; }
                        }
                        """).writeTo(modules.resolve("fake.jar"));
        Capa.Result result = Capa.capa("plugins", "list", "--modules", modules.toString()).in(dir).run();
        assertTrue(result.outLines().get(4).startsWith("capa.builtin.free_run     "), result::toString);
        assertTrue(result.outLines().contains("  capa.builtin.free_run: duplicate_id: fake.jar claims the id of"
                + " capa's builtin procedure, which stays"), result::toString);
    }

    @Test
    void anUnknownPluginModeExitsTwoNamingBothModes() {
        Capa.Result result = Capa.capa("plugins", "list").in(dir).env(Map.of("CAPA_PLUGIN_MODE", "prod")).run();
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("dev") && result.err().contains("production"), result::toString);
        assertEquals("", result.out());
    }
}
