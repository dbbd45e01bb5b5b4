package capa.plugins;

import static capa.plugins.TestPlugins.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.DistributionHash;
import capa.base.PluginId;
import capa.base.PluginMode;
import capa.base.PluginCoordinates;
import capa.plugins.lock.LockState;
import capa.plugins.lock.Lockfile;
import capa.plugins.lock.LockfileReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Modes, plugins.lock gating and drift, with real JARs and lock records built directly. */
class GatingTest {

    static final PluginId ID = PluginId.parse("lab.good.procedure");
    static final String OTHER_HASH = "sha256:" + "ab".repeat(32);

    @TempDir
    Path modules;

    Path jar;

    @BeforeEach
    void plugin() {
        jar = named("lab.good", "lab.good", "Good", ID.value()).writeTo(modules.resolve("good.jar"));
    }

    private LockState lock(PluginCoordinates... entries) {
        return new LockState.Loaded(modules.resolve("plugins.lock"), new Lockfile(1, List.of(entries)));
    }

    private PluginCoordinates entry(String version, String entryPoint, String hash) {
        return new PluginCoordinates(ID, "lab.good", version, entryPoint, DistributionHash.parse(hash));
    }

    private PluginCoordinates exact() throws IOException {
        return entry("1.0.0", "lab.good/lab.good.Good", PluginDiscoveryTest.sha256(jar));
    }

    private PluginReport discover(PluginMode mode, LockState lock) {
        return PluginDiscovery.discover(new DiscoveryRequest(List.of(modules), mode, lock, false,
                DiscoveryRequest.Use.INSPECT));
    }

    private static List<String> rejected(PluginReport report) {
        return report.rejected().stream().map(Rejection::line).toList();
    }

    private static List<String> drift(PluginReport report) {
        return report.drift().stream().map(Drift::line).toList();
    }

    @Test
    void productionLoadsAPluginWhoseLockEntryMatchesExactly() throws IOException {
        PluginReport report = discover(PluginMode.PRODUCTION, lock(exact()));
        assertTrue(report.loaded(ID).isPresent());
        assertEquals(List.of(), report.rejected());
        assertEquals(List.of(), report.drift());
    }

    @Test
    void productionRejectsAPluginMissingFromTheLock() {
        PluginReport report = discover(PluginMode.PRODUCTION, lock());
        assertEquals(List.of("lab.good.procedure: MISSING_FROM_LOCK"), rejected(report));
        assertEquals(List.of(), report.loaded());
    }

    @Test
    void productionRejectsAVersionMismatchWithADriftLine() throws IOException {
        PluginReport report = discover(PluginMode.PRODUCTION,
                lock(entry("0.9.0", "lab.good/lab.good.Good", PluginDiscoveryTest.sha256(jar))));
        assertEquals(List.of("lab.good.procedure: VERSION_MISMATCH"), rejected(report));
        assertEquals(List.of("lab.good.procedure: version (expected='0.9.0', actual='1.0.0')"), drift(report));
    }

    @Test
    void productionRejectsAHashMismatchWithTheFullDigestsInTheDriftLine() throws IOException {
        PluginReport report = discover(PluginMode.PRODUCTION, lock(entry("1.0.0", "lab.good/lab.good.Good", OTHER_HASH)));
        assertEquals(List.of("lab.good.procedure: HASH_MISMATCH"), rejected(report));
        assertEquals(List.of("lab.good.procedure: hash (expected='" + OTHER_HASH + "', actual='"
                + PluginDiscoveryTest.sha256(jar) + "')"), drift(report));
    }

    @Test
    void productionJoinsSeveralMismatchKinds() {
        PluginReport report = discover(PluginMode.PRODUCTION, lock(entry("0.9.0", "lab.good/lab.good.Old", OTHER_HASH)));
        assertEquals(List.of("lab.good.procedure: HASH_MISMATCH, VERSION_MISMATCH, ENTRY_POINT_MISMATCH"),
                rejected(report));
        assertEquals(3, report.drift().size());
        assertTrue(drift(report).contains(
                "lab.good.procedure: entry_point (expected='lab.good/lab.good.Old', actual='lab.good/lab.good.Good')"));
    }

    @Test
    void devLoadsADriftedPluginAndShowsTheDriftAsInformation() throws IOException {
        PluginReport report = discover(PluginMode.DEV,
                lock(entry("0.9.0", "lab.good/lab.good.Good", PluginDiscoveryTest.sha256(jar))));
        assertTrue(report.loaded(ID).isPresent());
        assertEquals(List.of(), report.rejected());
        assertEquals(List.of("lab.good.procedure: version (expected='0.9.0', actual='1.0.0')"), drift(report));
    }

    @Test
    void aLockEntryWithNothingInstalledIsADriftLineOnly() throws IOException {
        PluginCoordinates gone = new PluginCoordinates(PluginId.parse("lab.gone.proc"), "lab.gone", "2.0", "lab.gone/lab.gone.G",
                DistributionHash.parse(OTHER_HASH));
        PluginReport report = discover(PluginMode.PRODUCTION, lock(exact(), gone));
        assertTrue(report.loaded(ID).isPresent());
        assertEquals(List.of(), report.rejected());
        assertEquals(List.of("lab.gone.proc: not installed (expected='lab.gone==2.0')"), drift(report));
    }

    @Test
    void productionWithoutALockLoadsNothing() {
        PluginReport report = discover(PluginMode.PRODUCTION, new LockState.Absent(List.of()));
        assertEquals(List.of(), report.loaded());
        assertEquals(List.of(), report.rejected());
    }

    @Test
    void productionWithAStrictlyInvalidLockLoadsNothingAndTheProblemHasLineAndColumn() {
        Path path = modules.resolve("plugins.lock");
        LockState unusable = LockfileReader.parse(path, """
                version = 1
                colour = "blue"
                """.getBytes(StandardCharsets.UTF_8));
        LockState.Unusable u = assertInstanceOf(LockState.Unusable.class, unusable);
        assertTrue(u.problem().startsWith(path + ":2:1"), u.problem());
        assertEquals(List.of(), discover(PluginMode.PRODUCTION, unusable).loaded());
    }

    @Test
    void inProductionAJarThatFailsGatingNeverGetsALayer(@TempDir Path dependencies) {
        // This module cannot resolve; had capa tried to define its layer, the reason would say so.
        java.nio.file.Path other = capa.testkit.PluginJar.builder()
                .moduleInfo("module lab.missing { exports lab.missing; }")
                .source("lab/missing/M.java", "package lab.missing; public class M {}")
                .writeTo(dependencies.resolve("lab-missing.jar"));
        capa.testkit.PluginJar.builder()
                .moduleInfo("module lab.needy { requires capa.api; requires lab.missing;"
                        + " provides capa.api.Procedure with lab.needy.Needy; }")
                .source("lab/needy/Needy.java", TestPlugins.procedure("lab.needy", "Needy",
                        TestPlugins.info("lab.needy.proc"), ""))
                .modulePath(other).writeTo(modules.resolve("needy.jar"));
        PluginReport report = discover(PluginMode.PRODUCTION, lock());
        assertTrue(rejected(report).contains("lab.needy.proc: MISSING_FROM_LOCK"), rejected(report)::toString);
        assertFalse(rejected(report).stream().anyMatch(l -> l.contains("does not resolve")));
    }
}
