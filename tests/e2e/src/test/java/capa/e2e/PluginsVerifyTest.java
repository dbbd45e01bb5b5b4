package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.testkit.PluginJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capa plugins verify} and {@code capa plugins untrust} on a rig, as an operator runs them. */
class PluginsVerifyTest {

    static final String PASSED = "verify: passed \u2014 nothing rejected, no drift, plugins.lock agrees with its journal";

    @TempDir
    Path dir;

    /** Another build of the thermal ramp: same id, module, version and entry point, other bytes. */
    static Path rebuiltRamp(Path into) {
        return PluginJar.builder()
                .source("lab/ramp/ThermalRamp.java", """
                        package lab.ramp;
                        import capa.api.*;
                        import java.util.List;
                        import java.util.concurrent.*;
                        @ProcedureInfo(id = "lab.ramp.thermal_ramp", name = "Thermal ramp")
                        public final class ThermalRamp implements Procedure<ThermalRamp.Config> {
                            public record Config(double start_c, double end_c, double step_c) {}
                            public CompletionStage<List<Problem>> preflight(ProcedureContext c, Config k) {
                                return CompletableFuture.completedFuture(List.of());
                            }
                            public CompletionStage<Void> run(ProcedureContext c, Config k) {
                                return CompletableFuture.completedFuture(null);
                            }
                        }
                        """)
                .service("lab.ramp.ThermalRamp")
                .writeTo(into.resolve(Rig.RAMP_JAR));
    }

    @Test
    void aCleanRigWithEverythingTrustedPasses() {
        Rig rig = new Rig(dir).trustAll();
        Capa.Result result = rig.capa("plugins", "verify");
        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        assertEquals("plugin mode: production", lines.get(0));
        assertTrue(lines.get(2).endsWith("plugins.lock.journal (2 lines)"), result::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(Rig.RAMP + " ")), result::toString);
        assertEquals(PASSED, lines.getLast());
        assertEquals("", result.err());
    }

    @Test
    void aSwappedJarFailsWithTheHashMismatchAndTheDriftLine() throws Exception {
        Rig rig = new Rig(dir).trustAll();
        Path replacement = rebuiltRamp(Files.createDirectories(dir.resolve("build")));
        rig.swap(Rig.RAMP_JAR, replacement);
        String actual = PluginsListTest.sha256(replacement);
        Capa.Result result = rig.capa("plugins", "verify");
        assertEquals(1, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        assertAll(
                () -> assertTrue(lines.contains("  " + Rig.RAMP + ": HASH_MISMATCH"), result::toString),
                () -> assertTrue(lines.stream().anyMatch(l -> l.startsWith("  " + Rig.RAMP + ": hash (expected='sha256:")
                        && l.endsWith("actual='" + actual + "')")), result::toString),
                () -> assertEquals("verify: FAILED \u2014 2 findings", lines.getLast()));
    }

    @Test
    void aHandEditWithoutAJournalLineFails() throws Exception {
        Rig rig = new Rig(dir);
        rig.trust(Rig.HOLD);
        Files.writeString(rig.lock(), """

                [[plugins]]
                id = "lab.ramp.thermal_ramp"
                package = "lab.ramp"
                version = "1.2.0"
                entry_point = "lab.ramp/lab.ramp.ThermalRamp"
                distribution_hash = "%s"
                """.formatted(PluginsListTest.sha256(rig.modules.resolve(Rig.RAMP_JAR))), StandardOpenOption.APPEND);
        assertEquals(0, rig.capa("plugins", "list", "--plugin-mode", "production").exitCode());
        Capa.Result result = rig.capa("plugins", "verify");
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(List.of("", "Journal vs plugins.lock:",
                        "  " + Rig.RAMP + ": in plugins.lock but no journal line records it (edited by hand?)",
                        "", "verify: FAILED \u2014 1 finding"),
                result.outLines().subList(result.outLines().size() - 5, result.outLines().size()));
    }

    @Test
    void untrustRemovesTheEntryJournalsARevokeLineAndVerifyPasses() throws Exception {
        Rig rig = new Rig(dir).trustAll();
        Capa.Result untrust = rig.bare("plugins", "untrust", Rig.RAMP, "--reason", "retired, ticket OPS-1290");
        assertEquals(0, untrust.exitCode(), untrust::toString);
        String hash = PluginsListTest.sha256(rig.modules.resolve(Rig.RAMP_JAR));
        Path lock = rig.lock().toRealPath();
        assertEquals(List.of("untrusted: " + Rig.RAMP + " 1.2.0 (" + hash.substring(0, 29) + "\u2026)",
                "  lock:    " + lock, "  journal: " + lock + ".journal"), untrust.outLines());
        assertFalse(Files.readString(rig.lock()).contains(Rig.RAMP), "the entry is still in the lock");
        List<String> journal = Files.readAllLines(rig.journal());
        assertEquals(3, journal.size());
        assertTrue(journal.get(2).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00\trevoke\t"
                + Rig.RAMP.replace(".", "\\.") + "\t1\\.2\\.0\t" + hash + "\tretired, ticket OPS-1290"), journal.get(2));

        Capa.Result installed = rig.capa("plugins", "verify");
        assertEquals(0, installed.exitCode(), installed::toString);
        assertTrue(installed.outLines().contains("  " + Rig.RAMP + ": revoked by journal line 3; installed but not loaded"),
                installed::toString);
        Files.delete(rig.modules.resolve(Rig.RAMP_JAR));
        Capa.Result removed = rig.capa("plugins", "verify");
        assertEquals(0, removed.exitCode(), removed::toString);
        assertEquals(PASSED, removed.outLines().getLast());
    }

    @Test
    void aPluginNobodyTrustedFailsEvenWhenTheRigIsInDevMode() {
        Rig rig = new Rig(dir);
        rig.trust(Rig.HOLD);
        Capa.Result result = rig.call("plugins", "verify").env(Map.of("CAPA_PLUGIN_MODE", "dev",
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.outLines().contains("  " + Rig.RAMP + ": MISSING_FROM_LOCK"), result::toString);
    }

    @Test
    void aCorruptJournalLineFailsWithItsLineNumber() throws IOException {
        Rig rig = new Rig(dir).trustAll();
        Files.writeString(rig.journal(), "2026-11-24T10:15:30+00:00\ttrust\tnot an id\n", StandardOpenOption.APPEND);
        Capa.Result result = rig.capa("plugins", "verify");
        assertEquals(1, result.exitCode(), result::toString);
        String journal = rig.journal().toRealPath().toString();
        assertTrue(result.outLines().contains("  " + journal + ":3: journal line 3 is malformed: expected 6"
                + " tab-separated fields (timestamp, action, id, version, hash, reason), found 3"), result::toString);
    }

    @Test
    void theReferencePagesManualRevokeRecipeIsAccepted() throws Exception {
        Rig rig = new Rig(dir);
        rig.trust(Rig.HOLD);
        String lockBefore = Files.readString(rig.lock());
        rig.trust(Rig.RAMP);
        Files.delete(rig.modules.resolve(Rig.RAMP_JAR));
        Files.writeString(rig.lock(), lockBefore);
        Capa.Result echo = new Capa.Call(Path.of("/bin/bash"), "-c", "echo -e \"$(date -Iseconds)\\trevoke\\t" + Rig.RAMP
                + "\\t-\\t-\\trevoked: see ticket OPS-1290\" >> plugins.lock.journal").in(dir).run();
        assertEquals(0, echo.exitCode(), echo::toString);
        Capa.Result result = rig.capa("plugins", "verify");
        assertEquals(0, result.exitCode(), result::toString);
    }

    @Test
    void anEntryRemovedByHandWithoutARevokeLineFails() throws Exception {
        Rig rig = new Rig(dir);
        rig.trust(Rig.HOLD);
        String lockBefore = Files.readString(rig.lock());
        rig.trust(Rig.RAMP);
        Files.delete(rig.modules.resolve(Rig.RAMP_JAR));
        Files.writeString(rig.lock(), lockBefore);
        Capa.Result result = rig.capa("plugins", "verify");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.outLines().contains("  " + Rig.RAMP + ": trusted by journal line 2 but not in plugins.lock,"
                + " and no revoke line records its removal"), result::toString);
    }

    @Test
    void withoutALockVerifyRefusesWithExitTwoAndNamesWhereOneMayGo() {
        Rig rig = new Rig(dir);
        Capa.Result result = rig.capa("plugins", "verify");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("capa: verify needs a plugins.lock; pass --plugins-lock or place one at "),
                result::toString);
    }

    @Test
    void anUnreadableLockIsExitTwoWithLineAndColumn() throws IOException {
        Rig rig = new Rig(dir);
        Files.writeString(rig.lock(), "version = 1\ncolour = \"blue\"\n");
        Capa.Result result = rig.capa("plugins", "verify", "--json");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertTrue(result.err().contains("plugins.lock:2:1"), result::toString);
    }

    @Test
    void untrustOfAnIdNotInTheLockIsExitTwoListingTheLockedIds() throws IOException {
        Rig rig = new Rig(dir).trustAll();
        byte[] before = Files.readAllBytes(rig.lock());
        Capa.Result result = rig.bare("plugins", "untrust", "lab.other.proc", "--reason", "x");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().endsWith("; locked ids: " + Rig.HOLD + ", " + Rig.RAMP + "\n"), result::toString);
        assertEquals(2, Files.readAllLines(rig.journal()).size());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(rig.lock())), "the lock changed");
    }

    @Test
    void untrustWithoutAReasonOrWithoutALockIsExitTwo() {
        Rig rig = new Rig(dir);
        Capa.Result noReason = rig.bare("plugins", "untrust", Rig.RAMP);
        Capa.Result noLock = rig.bare("plugins", "untrust", Rig.RAMP, "--reason", "x");
        assertAll(
                () -> assertEquals(2, noReason.exitCode(), noReason::toString),
                () -> assertEquals(2, noLock.exitCode(), noLock::toString),
                () -> assertTrue(noLock.err().contains("nothing to untrust"), noLock::toString),
                () -> assertFalse(Files.exists(rig.lock())));
    }

    @Test
    void verifyNeverRunsPluginCode() throws Exception {
        Path marker = dir.resolve("marker");
        Rig rig = new Rig(dir);
        PluginsListTest.markerPlugin(rig.modules, marker);
        rig.trust("lab.marker.proc");
        Capa.Result text = rig.capa("plugins", "verify");
        Capa.Result json = rig.capa("plugins", "verify", "--json");
        // verify gated, examined and passed the marker plugin: it had every chance to run its code
        assertEquals(1, text.exitCode(), text::toString);
        assertTrue(text.outLines().stream().anyMatch(l -> l.startsWith("lab.marker.proc ")), text::toString);
        assertEquals(List.of(Rig.HOLD + ": MISSING_FROM_LOCK", Rig.RAMP + ": MISSING_FROM_LOCK"),
                JsonOutputTest.section(text.outLines(), "Rejected:"), text::toString);
        assertEquals(1, json.exitCode(), json::toString);
        assertEquals(List.of("lab.marker.proc"), IndependentJson.eval(json.out(),
                "[p['id'] for p in d['loaded'] if p['id'].startswith('lab.')]"));
        assertFalse(Files.exists(marker), "verify ran plugin code");
    }
}
