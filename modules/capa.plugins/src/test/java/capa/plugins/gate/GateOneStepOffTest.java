package capa.plugins.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import capa.base.DistributionHash;
import capa.base.PluginId;
import capa.base.PluginMode;
import capa.plugins.NearMiss;
import capa.plugins.PluginDescription;
import capa.base.PluginCoordinates;
import capa.plugins.lock.LockState;
import capa.plugins.lock.Lockfile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gate against lock entries one step from the installed procedure: each field one
 * character or one hex digit off is refused with its own kind, and only the exact entry passes.
 */
class GateOneStepOffTest {

    static final PluginDescription INSTALLED = new PluginDescription(new PluginCoordinates(
            PluginId.parse("lab.good.proc"), "lab.good", "1.2.0", "lab.good/lab.good.Good",
            DistributionHash.parse("sha256:" + "0123456789abcdef".repeat(4))), "Good", "", false);

    static GateDecision decide(PluginCoordinates... entries) {
        LockState lock = new LockState.Loaded(Path.of("/lab/plugins.lock"), new Lockfile(1, List.of(entries)));
        return Gate.decide(PluginMode.PRODUCTION, lock, INSTALLED);
    }

    static PluginCoordinates exact() {
        return INSTALLED.coordinates();
    }

    static List<GateDecision.Kind> kinds(GateDecision decision) {
        return assertInstanceOf(GateDecision.Untrusted.class, decision).kinds();
    }

    @Test
    void theExactEntryPasses() {
        assertInstanceOf(GateDecision.Trusted.class, decide(exact()));
    }

    @Test
    void aHashDifferingInAnyOneDigitIsAHashMismatch() {
        for (String miss : NearMiss.digests(INSTALLED.hash().toString())) {
            PluginCoordinates entry = new PluginCoordinates(INSTALLED.id(), "lab.good", "1.2.0", "lab.good/lab.good.Good",
                    DistributionHash.parse(miss));
            assertEquals(List.of(GateDecision.Kind.HASH_MISMATCH), kinds(decide(entry)), miss);
        }
    }

    @Test
    void aVersionOneCharacterOffIsAVersionMismatch() {
        for (String miss : List.of("1.2.1", "1.2", "1.2.00", "1.2.0.0", "1.2.0-SNAPSHOT", "v1.2.0", "1.2.0 ", "2.2.0")) {
            PluginCoordinates entry = new PluginCoordinates(INSTALLED.id(), "lab.good", miss, "lab.good/lab.good.Good",
                    INSTALLED.hash());
            assertEquals(List.of(GateDecision.Kind.VERSION_MISMATCH), kinds(decide(entry)), miss);
        }
    }

    @Test
    void anEntryPointOneCharacterOffIsAnEntryPointMismatch() {
        for (String miss : NearMiss.texts(INSTALLED.entryPoint())) {
            PluginCoordinates entry = new PluginCoordinates(INSTALLED.id(), "lab.good", "1.2.0", miss, INSTALLED.hash());
            assertEquals(List.of(GateDecision.Kind.ENTRY_POINT_MISMATCH), kinds(decide(entry)), miss);
        }
    }

    @Test
    void anEntryForAnIdOneCharacterOffDoesNotTrustThisOne() {
        for (String miss : List.of("lab.good.pro", "lab.good.procs", "lab.good.prod", "lab.goods.proc")) {
            PluginCoordinates entry = new PluginCoordinates(PluginId.parse(miss), "lab.good", "1.2.0", "lab.good/lab.good.Good",
                    INSTALLED.hash());
            assertEquals(List.of(GateDecision.Kind.MISSING_FROM_LOCK), kinds(decide(entry)), miss);
        }
    }

    @Test
    void theDriftLineShowsBothWholeDigests() {
        String miss = NearMiss.lastDigit(INSTALLED.hash().toString());
        PluginCoordinates entry = new PluginCoordinates(INSTALLED.id(), "lab.good", "1.2.0", "lab.good/lab.good.Good",
                DistributionHash.parse(miss));
        assertEquals(List.of("lab.good.proc: hash (expected='" + miss + "', actual='" + INSTALLED.hash() + "')"),
                Gate.drift(INSTALLED, entry).stream().map(capa.plugins.Drift::line).toList());
    }
}
