package capa.plugins;

import static capa.plugins.TestPlugins.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.PluginId;
import capa.base.PluginMode;
import capa.plugins.lock.LockLocation;
import capa.plugins.lock.LockState;
import capa.plugins.lock.LockfileLocator;
import capa.plugins.lock.LockfileReader;
import capa.plugins.lock.LockfileTransaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Production discovery plus the journal audit, on real JARs and a lock written by the transaction. */
class VerificationTest {

    static final PluginId A = PluginId.parse("lab.a.proc");
    static final PluginId B = PluginId.parse("lab.b.proc");

    @TempDir
    Path rig;

    Path modules;
    LockLocation location;
    LockfileTransaction transaction;

    @BeforeEach
    void setUp() throws Exception {
        modules = Files.createDirectories(rig.resolve("modules"));
        named("lab.a", "lab.a", "A", A.value()).writeTo(modules.resolve("a.jar"));
        named("lab.b", "lab.b", "B", B.value()).writeTo(modules.resolve("b.jar"));
        location = LockfileLocator.locate(null, Map.of(), rig);
        transaction = new LockfileTransaction(location, Clock.systemUTC());
    }

    private void trust(PluginId id) throws Exception {
        PluginReport dev = PluginDiscovery.discover(new DiscoveryRequest(List.of(modules), PluginMode.DEV,
                new LockState.Absent(List.of()), false, DiscoveryRequest.Use.INSPECT));
        transaction.trust(dev.loaded(id).orElseThrow().description().coordinates(), "approved");
    }

    private Verification verify() {
        return Verification.of(List.of(modules), (LockState.Loaded) LockfileReader.read(location), location);
    }

    @Test
    void everythingTrustedThroughTheJournalPasses() throws Exception {
        trust(A);
        trust(B);
        Verification verification = verify();
        assertTrue(verification.passed(), verification.findings().toString());
        assertEquals(PluginMode.PRODUCTION, verification.report().mode());
    }

    @Test
    void aJarNobodyTrustedIsAFinding() throws Exception {
        trust(A);
        Verification verification = verify();
        assertFalse(verification.passed());
        assertEquals(List.of("lab.b.proc: MISSING_FROM_LOCK"), verification.findings());
    }

    @Test
    void aRevokedJarStillInstalledIsInformationNotAFinding() throws Exception {
        trust(A);
        trust(B);
        transaction.revoke(B, "withdrawn, OPS-7");
        Verification verification = verify();
        assertTrue(verification.passed(), verification.findings().toString());
        assertEquals(List.of(), verification.rejections());
        assertEquals(List.of("lab.b.proc: revoked by journal line 3; installed but not loaded"),
                verification.revoked().stream().map(Verification.Revoked::line).toList());
        assertEquals(List.of("lab.b.proc: MISSING_FROM_LOCK"),
                verification.report().rejected().stream().map(Rejection::line).toList());
    }
}
