package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's gate against a lock entry one step from the truth: the real digest of the JAR
 * with only its last hex digit changed, or its version one character off. Constructed from the
 * digest itself, so the miss is always exactly the last digit, never luck.
 */
class NearMissE2eTest {

    @TempDir
    Path dir;

    /** The digest with its last hex digit changed. */
    static String lastDigitChanged(String digest) {
        char last = digest.charAt(digest.length() - 1);
        return digest.substring(0, digest.length() - 1) + (last == '0' ? '1' : '0');
    }

    /** Replaces {@code from} by {@code to} in a file, which must hold it exactly once. */
    static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertEquals(text.indexOf(from), text.lastIndexOf(from), "not exactly once in " + file + ": " + from);
        assertTrue(text.contains(from), "not in " + file + ": " + from);
        Files.writeString(file, text.replace(from, to));
    }

    private Capa.Result production(Rig rig, String... args) {
        return rig.call(args).env(Map.of("CAPA_PLUGIN_MODE", "production",
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
    }

    @Test
    void aLockHashDifferingOnlyInItsLastDigitIsRefusedEverywhere() throws IOException {
        Rig rig = new Rig(dir).trustAll();
        String real = TestPlugins.sha256(rig.modules.resolve(Rig.RAMP_JAR));
        String miss = lastDigitChanged(real);
        assertEquals(real.substring(0, real.length() - 1), miss.substring(0, miss.length() - 1));
        // lock and journal agree with each other, so only the gate can find it
        edit(rig.lock(), real, miss);
        edit(rig.journal(), real, miss);

        Capa.Result list = production(rig, "plugins", "list");
        Capa.Result run = production(rig, "run", "--procedure", Rig.RAMP,
                "--set", "start_c=20", "--set", "end_c=21", "--set", "step_c=1");
        Capa.Result verify = rig.capa("plugins", "verify");
        String drift = "  " + Rig.RAMP + ": hash (expected='" + miss + "', actual='" + real + "')";
        assertAll(
                () -> assertEquals(0, list.exitCode(), list::toString),
                () -> assertTrue(list.outLines().contains("  " + Rig.RAMP + ": HASH_MISMATCH"), list::toString),
                () -> assertTrue(list.outLines().contains(drift), list::toString),
                () -> assertFalse(list.outLines().stream().anyMatch(l -> l.startsWith(Rig.RAMP + " ")), list::toString),
                () -> assertEquals(1, run.exitCode(), run::toString),
                () -> assertTrue(run.err().contains("procedure '" + Rig.RAMP + "' is not in the trusted registry"),
                        run::toString),
                () -> assertFalse(Files.exists(dir.resolve("runs")), "a refused run left a record"),
                () -> assertEquals(1, verify.exitCode(), verify::toString),
                () -> assertTrue(verify.outLines().contains("  " + Rig.RAMP + ": HASH_MISMATCH"), verify::toString),
                () -> assertTrue(verify.outLines().contains(drift), verify::toString),
                () -> assertFalse(verify.out().contains("Journal vs plugins.lock:"), verify::toString));
    }

    @Test
    void aJournalHashDifferingOnlyInItsLastDigitFromTheLockFailsVerify() throws IOException {
        Rig rig = new Rig(dir).trustAll();
        String real = TestPlugins.sha256(rig.modules.resolve(Rig.RAMP_JAR));
        String miss = lastDigitChanged(real);
        // the lock is right; the journal's record of it is one digit off
        edit(rig.journal(), real, miss);
        Capa.Result verify = rig.capa("plugins", "verify");
        assertEquals(1, verify.exitCode(), verify::toString);
        assertEquals(List.of("", "Journal vs plugins.lock:",
                        "  " + Rig.RAMP + ": hash in plugins.lock differs from its last trust line (line 2)"
                                + " (lock='" + real + "', journal='" + miss + "')",
                        "", "verify: FAILED \u2014 1 finding"),
                verify.outLines().subList(verify.outLines().size() - 5, verify.outLines().size()), verify::toString);
    }

    @Test
    void aLockVersionOneCharacterOffIsAVersionMismatch() throws IOException {
        Rig rig = new Rig(dir).trustAll();
        for (String from : List.of("1.2.0", "1.2.1")) {
            String to = from.equals("1.2.0") ? "1.2.1" : "1.2.10";
            edit(rig.lock(), "version = \"" + from + "\"", "version = \"" + to + "\"");
            edit(rig.journal(), "\t" + from + "\t", "\t" + to + "\t");
            Capa.Result verify = rig.capa("plugins", "verify");
            assertEquals(1, verify.exitCode(), verify::toString);
            assertTrue(verify.outLines().contains("  " + Rig.RAMP + ": VERSION_MISMATCH"), verify::toString);
            assertTrue(verify.outLines().contains("  " + Rig.RAMP + ": version (expected='" + to
                    + "', actual='1.2.0')"), verify::toString);
        }
    }
}
