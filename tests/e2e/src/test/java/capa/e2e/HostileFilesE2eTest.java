package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files beside the plugins, shaped to break their readers: a lock or run file nested
 * beyond any parser's stack, locks and journals too large to hold or that are FIFOs, a JAR
 * dropped beside a trusted plugin under its id, the same directory named twice. Each is one
 * refusal with its documented exit code, never a stack trace, an out-of-memory death or a hang,
 * and the builtins keep working wherever the mode allows them to.
 */
class HostileFilesE2eTest {

    private static final Map<String, String> SMALL_HEAP = Map.of("CAPA_JAVA_OPTS", "-Xmx256m");

    @TempDir
    Path dir;

    private static void assertNoCrash(Capa.Result result) {
        String both = result.out() + result.err();
        assertFalse(both.contains("\tat ") || both.contains("Exception in thread") || both.contains("internal error")
                || both.contains("OutOfMemoryError"), result::toString);
    }

    private Capa.Result capa(Rig rig, Map<String, String> environment, String... args) {
        Map<String, String> all = new HashMap<>(environment);
        all.put("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
        return rig.call(args).env(all).run();
    }

    private static void mkfifo(Path path) {
        Capa.Result made = new Capa.Call(Path.of("/usr/bin/mkfifo"), path.toString()).run();
        assertEquals(0, made.exitCode(), made::toString);
    }

    @Test
    void aFifoNamedAsThePluginDirectoryIsNoDirectoryForEveryCommandNotAHang() {
        Path fifo = dir.resolve("plugins");
        mkfifo(fifo);
        String line = fifo + ": not a directory";
        Capa.Result list = Capa.capa("plugins", "list", "--modules", fifo.toString()).in(dir).run();
        assertNoCrash(list);
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains(line), list::toString);
        assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith("capa.builtin.free_run ")), list::toString);
        Capa.Result describe = Capa.capa("describe", "capa.builtin.free_run", "--modules", fifo.toString()).in(dir).run();
        assertNoCrash(describe);
        assertEquals(0, describe.exitCode(), describe::toString);
        Capa.Result run = Capa.capa("run", "--procedure", "capa.builtin.free_run", "--set", "duration_s=0")
                .in(dir).env(Map.of("CAPA_MODULES", fifo.toString())).run();
        assertNoCrash(run);
        assertEquals(0, run.exitCode(), run::toString);
    }

    @Test
    void theRootDirectoryGivenToCheckIsABundleWithNoJarNotACrash() {
        for (String[] command : List.of(new String[] {"plugins", "check", "/"}, new String[] {"plugins", "check", "."},
                new String[] {"plugins", "check", "--json", "/"})) {
            Capa.Result check = Capa.capa(command).in(Path.of("/")).run();
            assertNoCrash(check);
            assertEquals(1, check.exitCode(), check::toString);
            assertTrue(check.out().contains("a directory with no JAR"), check::toString);
        }
    }

    @Test
    void aLockNestedBeyondTheParsersStackIsUnusableAndTheBuiltinsStillRunInDev() throws IOException {
        Rig rig = new Rig(dir);
        Files.writeString(rig.lock(), "version = 1\nx = " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        Capa.Result list = capa(rig, SMALL_HEAP, "plugins", "list");
        assertNoCrash(list);
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains("nested too deeply"), list::toString);
        assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith("capa.builtin.free_run ")), list::toString);
        Capa.Result verify = capa(rig, SMALL_HEAP, "plugins", "verify");
        assertNoCrash(verify);
        assertEquals(2, verify.exitCode(), verify::toString);
        Capa.Result run = capa(rig, SMALL_HEAP, "run", "--procedure", "capa.builtin.free_run", "--set", "duration_s=0");
        assertNoCrash(run);
        assertEquals(0, run.exitCode(), run::toString);
        Capa.Result production = capa(rig, Map.of("CAPA_PLUGIN_MODE", "production"),
                "run", "--procedure", "capa.builtin.free_run", "--set", "duration_s=0");
        assertNoCrash(production);
        assertEquals(2, production.exitCode(), "production without a usable lock is refused:\n" + production);
    }

    @Test
    void aLockTooLargeToHoldOrThatIsAFifoIsUnusableNotAnOutOfMemoryDeathOrAHang() throws IOException {
        Rig rig = new Rig(dir);
        try (RandomAccessFile sparse = new RandomAccessFile(rig.lock().toFile(), "rw")) {
            sparse.setLength(3L << 30);
        }
        Capa.Result large = capa(rig, SMALL_HEAP, "plugins", "list");
        assertNoCrash(large);
        assertEquals(0, large.exitCode(), large::toString);
        assertTrue(large.out().contains("larger than the 4 MiB capa reads of a plugins.lock"), large::toString);
        // One byte past the bound is refused; a lock at the bound would be read.
        try (RandomAccessFile file = new RandomAccessFile(rig.lock().toFile(), "rw")) {
            file.setLength((4L << 20) + 1);
        }
        Capa.Result onePast = capa(rig, SMALL_HEAP, "plugins", "list");
        assertTrue(onePast.out().contains("4194305 bytes, larger than the 4 MiB"), onePast::toString);

        Files.delete(rig.lock());
        mkfifo(rig.lock());
        for (String[] command : List.of(new String[] {"plugins", "list"}, new String[] {"plugins", "verify"},
                new String[] {"plugins", "trust", Rig.HOLD, "--reason", "test"})) {
            Capa.Result result = capa(rig, SMALL_HEAP, command);
            assertNoCrash(result);
            assertTrue((result.out() + result.err()).contains("not a regular file"), result::toString);
        }
    }

    @Test
    void aJournalThatIsAFifoOrTooLargeIsAFindingOrARefusalNotAHang() throws IOException {
        Rig rig = new Rig(dir).trustAll();
        Files.delete(rig.journal());
        mkfifo(rig.journal());
        Capa.Result verify = capa(rig, SMALL_HEAP, "plugins", "verify");
        assertNoCrash(verify);
        assertEquals(1, verify.exitCode(), verify::toString);
        assertTrue(verify.out().contains("not a regular file"), verify::toString);
        Capa.Result trust = capa(rig, SMALL_HEAP, "plugins", "trust", Rig.HOLD, "--reason", "refresh");
        assertNoCrash(trust);
        assertEquals(2, trust.exitCode(), trust::toString);

        Files.delete(rig.journal());
        try (RandomAccessFile sparse = new RandomAccessFile(rig.journal().toFile(), "rw")) {
            sparse.setLength(3L << 30);
        }
        Capa.Result large = capa(rig, SMALL_HEAP, "plugins", "verify");
        assertNoCrash(large);
        assertEquals(1, large.exitCode(), large::toString);
        assertTrue(large.out().contains("larger than the 32 MiB"), large::toString);
    }

    @Test
    void runFilesNestedTooDeeplyTooLargeOrNotFilesAreConfigurationErrors() throws IOException {
        Rig rig = new Rig(dir);
        Path nested = Files.writeString(dir.resolve("nested.toml"),
                "procedure = \"capa.builtin.free_run\"\n[config]\nx = " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        Path fifo = dir.resolve("fifo.toml");
        mkfifo(fifo);
        Path large = dir.resolve("large.toml");
        try (RandomAccessFile sparse = new RandomAccessFile(large.toFile(), "rw")) {
            sparse.setLength(3L << 30);
        }
        for (Path file : List.of(nested, fifo, large)) {
            Capa.Result run = capa(rig, SMALL_HEAP, "run", file.toString());
            assertNoCrash(run);
            assertEquals(2, run.exitCode(), run::toString);
        }
        Capa.Result set = capa(rig, SMALL_HEAP, "run", "--procedure", "capa.builtin.free_run",
                "--set", "duration_s=0", "--set", "x=" + "[".repeat(5000) + "]".repeat(5000));
        assertNoCrash(set);
        Capa.Result grace = capa(rig, SMALL_HEAP, "run", "--procedure", "capa.builtin.free_run",
                "--cancel-grace-s", "9223372036854775807");
        assertNoCrash(grace);
        assertEquals(2, grace.exitCode(), grace::toString);
    }

    @Test
    void aJarDroppedBesideATrustedPluginUnderItsIdCannotTakeItDownInProduction() throws IOException {
        Rig rig = new Rig(dir).trustAll();
        // Same id, other bytes: another build of the thermal ramp, not the one the lock trusts.
        Path impostor = PluginsVerifyTest.rebuiltRamp(Files.createDirectories(dir.resolve("rebuilt")));
        Files.copy(impostor, rig.modules.resolve("zz-ramp-1.2.0.jar"));
        Map<String, String> production = Map.of("CAPA_PLUGIN_MODE", "production");
        Capa.Result list = capa(rig, production, "plugins", "list");
        assertNoCrash(list);
        assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith(Rig.RAMP + " ")), list::toString);
        assertTrue(list.out().contains(Rig.RAMP + ": duplicate_id: zz-ramp-1.2.0.jar claims the id of "
                + Rig.RAMP_JAR + ", which plugins.lock trusts, and does not match its entry (HASH_MISMATCH"),
                list::toString);
        Capa.Result run = capa(rig, production, "run", "--procedure", Rig.RAMP,
                "--set", "start_c=20", "--set", "end_c=21", "--set", "step_c=1");
        assertNoCrash(run);
        assertEquals(0, run.exitCode(), run::toString);
        // In dev nothing says which of the two is meant: both are refused, as before.
        Capa.Result dev = capa(rig, Map.of(), "plugins", "list");
        assertTrue(dev.out().contains(Rig.RAMP + ": duplicate_id: " + Rig.RAMP_JAR + " conflicts with zz-ramp-1.2.0.jar"),
                dev::toString);
    }

    @Test
    void theSameDirectoryNamedTwiceOrThroughALinkIsReadOnce() throws IOException {
        Rig rig = new Rig(dir);
        Path link = Files.createSymbolicLink(dir.resolve("modules-link"), rig.modules);
        Capa.Result list = Capa.capa("plugins", "list", "--modules", rig.modules.toString(), "--modules",
                link.toString()).in(dir).run();
        assertEquals(0, list.exitCode(), list::toString);
        assertFalse(list.out().contains("duplicate_id"), list::toString);
        assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith(Rig.HOLD + " ")), list::toString);
    }
}
