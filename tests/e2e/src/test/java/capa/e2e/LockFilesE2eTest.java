package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * plugins.lock and its journal as editors, git and file systems leave them, through the image:
 * CRLF line breaks and byte-order marks, symbolic links, hand edits of any field, and modes that
 * let every user change trust.
 */
class LockFilesE2eTest {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path dir;

    /** Rewrites {@code file} as Notepad after a {@code core.autocrlf} checkout would: BOM, CRLF. */
    private static void toWindows(Path file) throws IOException {
        String text = Files.readString(file).replace("\n", "\r\n");
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(BOM, BOM.length + body.length);
        System.arraycopy(body, 0, out, BOM.length, body.length);
        Files.write(file, out);
    }

    /** Fails unless the file starts with one BOM and every line ends with CRLF. */
    private static void assertWindows(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(Arrays.equals(bytes, 0, 3, BOM, 0, 3), file + " lost its byte-order mark");
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\r\n"), file + " does not end with CRLF");
        assertEquals(text.split("\n", -1).length - 1, text.split("\r\n", -1).length - 1,
                file + " holds a bare LF:\n" + text);
        assertTrue(text.indexOf('\uFEFF') < 0, file + " gained a second byte-order mark");
    }

    @Test
    void aWindowsCheckoutOfLockAndJournalVerifiesLoadsAndStaysWindowsAfterTrust() throws Exception {
        Rig rig = new Rig(dir).trustAll();
        toWindows(rig.lock());
        toWindows(rig.journal());

        Capa.Result verify = rig.capa("plugins", "verify");
        assertEquals(0, verify.exitCode(), verify::toString);
        assertEquals(PluginsVerifyTest.PASSED, verify.outLines().getLast());

        Capa.Result list = rig.call("plugins", "list").env(Map.of("CAPA_PLUGIN_MODE", "production",
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith(Rig.RAMP + " ")), list::toString);
        assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith(Rig.HOLD + " ")), list::toString);
        assertTrue(!list.out().contains("Rejected"), list::toString);

        rig.swap(Rig.RAMP_JAR, PluginsVerifyTest.rebuiltRamp(Files.createDirectories(dir.resolve("rebuilt"))));
        rig.trust(Rig.RAMP);
        assertWindows(rig.lock());
        assertWindows(rig.journal());
        Capa.Result after = rig.capa("plugins", "verify");
        assertEquals(0, after.exitCode(), after::toString);
        assertTrue(after.outLines().get(2).endsWith("plugins.lock.journal (3 lines)"), after::toString);
    }

    /**
     * Changes the last character of the thermal ramp's {@code key} value to its neighbour (a
     * digit, letter or hex digit stays one): the nearest miss a hand edit can make.
     */
    private static void nearMiss(Path lock, String key) throws IOException {
        String text = Files.readString(lock);
        int block = text.indexOf("id = \"" + Rig.RAMP + "\"");
        int start = text.indexOf("\n" + key + " = \"", block - 1) + 1;
        int end = text.indexOf('\n', start);
        String value = text.substring(text.indexOf('"', start) + 1, end - 1);
        char last = value.charAt(value.length() - 1);
        char other = last == '9' ? '8' : last == 'f' ? 'e' : last == 'z' ? 'y' : (char) (last + 1);
        String edited = value.substring(0, value.length() - 1) + other;
        Files.writeString(lock, text.substring(0, start) + key + " = \"" + edited + "\"" + text.substring(end));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "package, lab.ramp.thermal_ramp: PACKAGE_MISMATCH",
            "version, lab.ramp.thermal_ramp: VERSION_MISMATCH",
            "entry_point, lab.ramp.thermal_ramp: ENTRY_POINT_MISMATCH",
            "distribution_hash, lab.ramp.thermal_ramp: HASH_MISMATCH",
            "id, lab.ramp.thermal_ramp: MISSING_FROM_LOCK"})
    void aHandEditOfOneCharacterInAnyFieldFailsVerifyAndKeepsTheProcedureOutOfProduction(String key, String rejection)
            throws Exception {
        Rig rig = new Rig(dir).trustAll();
        nearMiss(rig.lock(), key);

        Capa.Result verify = rig.capa("plugins", "verify");
        assertEquals(1, verify.exitCode(), verify::toString);
        assertTrue(verify.outLines().contains("  " + rejection), verify::toString);
        assertTrue(verify.out().contains("Drift vs plugins.lock:"), verify::toString);

        Capa.Result list = rig.call("plugins", "list").env(Map.of("CAPA_PLUGIN_MODE", "production",
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.outLines().contains("  " + rejection), list::toString);
        assertTrue(list.outLines().stream().noneMatch(l -> l.startsWith(Rig.RAMP + " ")), list::toString);
        assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith(Rig.HOLD + " ")), list::toString);
    }

    @Test
    void aLockEveryUserMayWriteIsUnusableInProductionAndAVerifyFinding() throws Exception {
        Rig rig = new Rig(dir).trustAll();
        Files.setPosixFilePermissions(rig.lock(), PosixFilePermissions.fromString("rw-rw-rw-"));
        String fix = "chmod o-w " + rig.lock().toRealPath();

        Capa.Result list = rig.call("plugins", "list").env(Map.of("CAPA_PLUGIN_MODE", "production",
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains("(unusable"), list::toString);
        assertTrue(list.out().contains(fix), list::toString);
        assertTrue(list.out().contains("(no plugins loaded)"), list::toString);

        Capa.Result run = rig.call("run", "--procedure", "capa.builtin.free_run").env(Map.of("CAPA_PLUGIN_MODE", "production",
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains(fix), run::toString);

        Capa.Result verify = rig.capa("plugins", "verify");
        assertEquals(1, verify.exitCode(), verify::toString);
        assertTrue(verify.out().contains(fix), verify::toString);

        Files.setPosixFilePermissions(rig.lock(), PosixFilePermissions.fromString("rw-rw-r--"));
        Capa.Result groupWritable = rig.capa("plugins", "verify");
        assertEquals(0, groupWritable.exitCode(), groupWritable::toString);
    }

    @Test
    void trustAndUntrustThroughASymlinkChainChangeTheLockThatVerifyAndProductionRead() throws Exception {
        Rig rig = new Rig(dir);
        Path deep = Files.createDirectories(dir.resolve("elsewhere/a/b"));
        Path real = deep.resolveSibling("rig.lock");
        Files.writeString(real, "version = 1\n");
        Files.writeString(dir.resolve("rig.lock"), "version = 1 # decoy\n");
        Files.createSymbolicLink(dir.resolve("rigdir"), deep);
        Files.createSymbolicLink(rig.lock(), Path.of("rigdir/../rig.lock"));

        rig.trustAll();
        Capa.Result untrust = rig.bare("plugins", "untrust", Rig.HOLD, "--reason", "retired");
        assertEquals(0, untrust.exitCode(), untrust::toString);
        assertTrue(untrust.out().contains("journal: " + real.toRealPath() + ".journal"), untrust::toString);

        assertEquals("version = 1 # decoy\n", Files.readString(dir.resolve("rig.lock")));
        assertTrue(Files.readString(real).contains(Rig.RAMP), Files.readString(real));
        assertTrue(!Files.exists(rig.journal()) && !Files.exists(dir.resolve("rig.lock.journal")));
        assertEquals(3, Files.readAllLines(Path.of(real.toRealPath() + ".journal")).size());

        Capa.Result verify = rig.capa("plugins", "verify");
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.outLines().contains("Revoked (installed, not loaded):"), verify::toString);
        assertEquals(PluginsVerifyTest.PASSED, verify.outLines().getLast());

        Capa.Result list = rig.call("plugins", "list").env(Map.of("CAPA_PLUGIN_MODE", "production",
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
        assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith(Rig.RAMP + " ")), list::toString);
    }

    @Test
    void aBrokenLockSymlinkIsRefusedByTrustAndUnusableInProduction() throws Exception {
        Rig rig = new Rig(dir);
        Files.createSymbolicLink(rig.lock(), dir.resolve("gone.lock"));
        Capa.Result trust = rig.capa("plugins", "trust", Rig.RAMP, "--reason", "ok");
        assertEquals(2, trust.exitCode(), trust::toString);
        assertTrue(trust.err().contains("broken symbolic link"), trust::toString);
        assertTrue(!Files.exists(dir.resolve("gone.lock")) && !Files.exists(dir.resolve("gone.lock.journal")));
        Capa.Result run = rig.call("run", "--procedure", "capa.builtin.free_run").env(Map.of("CAPA_PLUGIN_MODE",
                "production", "XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("broken symbolic link"), run::toString);
    }
}
