package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock entry holding the correct SHA-512 of a plugin: capa pins by SHA-256 only, so it
 * refuses the entry where it stands and says what to write instead, rather than loading the
 * lock and calling a correct digest a mismatch.
 */
class Sha512LockTest {

    static final String REFUSAL = "'distribution_hash': sha512 digests are not accepted: capa pins a plugin by the"
            + " SHA-256 of its JAR, the digest 'capa plugins list --full-hash' shows; write sha256:<64 hex digits>"
            + " (sha256sum <jar>), or let 'capa plugins trust <id>' write the entry";

    @TempDir
    Path dir;

    @Test
    void aCorrectSha512EntryIsRefusedWithWhereAndWhatToWriteAndTheLockStaysAsItWas() throws Exception {
        Rig rig = new Rig(dir);
        rig.trust(Rig.HOLD);
        byte[] jar = Files.readAllBytes(rig.modules.resolve(Rig.RAMP_JAR));
        String sha512 = "sha512:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(jar));
        String lock = Files.readString(rig.lock()) + """

                [[plugins]]
                id = "lab.ramp.thermal_ramp"
                package = "lab.ramp"
                version = "1.2.0"
                entry_point = "lab.ramp/lab.ramp.ThermalRamp"
                distribution_hash = "%s"
                """.formatted(sha512);
        Files.writeString(rig.lock(), lock);
        int line = (int) lock.lines().takeWhile(l -> !l.startsWith("distribution_hash = \"sha512:")).count() + 1;
        String where = rig.lock().toRealPath() + ":" + line + ":1: ";

        Capa.Result list = rig.call("plugins", "list").env(Map.of("CAPA_PLUGIN_MODE", "production",
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
        Capa.Result verify = rig.capa("plugins", "verify");
        Capa.Result trust = rig.capa("plugins", "trust", Rig.RAMP, "--reason", "r");
        assertAll(
                () -> assertEquals(0, list.exitCode(), list::toString),
                () -> assertTrue(list.out().contains(where + REFUSAL), list::toString),
                () -> assertTrue(list.out().contains("(no plugins loaded)"), list::toString),
                () -> assertEquals(2, verify.exitCode(), verify::toString),
                () -> assertTrue(verify.err().contains(where + REFUSAL), verify::toString),
                () -> assertEquals(2, trust.exitCode(), trust::toString),
                () -> assertTrue(trust.err().contains(where + REFUSAL), trust::toString),
                () -> assertEquals(lock, Files.readString(rig.lock()), "a refused lock was rewritten"));
    }
}
