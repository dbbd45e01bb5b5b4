package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * {@code plugins trust} and {@code untrust} through {@code bin/capa}: they never leave a lock
 * capa cannot read back, and a FIFO beside the lock makes them refuse, not hang.
 */
class TrustLimitsE2eTest {

    @TempDir
    Path dir;

    private Capa.Result capa(String... args) {
        return Capa.capa(args).in(dir).env(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
    }

    @Test
    void trustRefusesALockLargerThanCapaReadsAndEveryCommandStillReadsIt() throws IOException {
        Path jar = TestPlugins.quick(Files.createDirectories(dir.resolve("built")), "big", "1.0.0");
        Path modules = TestPlugins.modules(dir.resolve("modules"), jar);
        Path lock = dir.resolve("plugins.lock");
        // A valid lock padded with comments to 20 bytes under the 4 MiB capa reads.
        String head = "version = 1\n";
        long limit = 4L << 20;
        Files.writeString(lock, head + "#" + "x".repeat((int) (limit - 20 - head.length() - 2)) + "\n");
        byte[] before = Files.readAllBytes(lock);
        Capa.Result trust = capa("plugins", "trust", "lab.big.proc", "--reason", "r", "--modules", modules.toString());
        assertEquals(2, trust.exitCode(), trust::toString);
        assertTrue(trust.err().contains("larger than the 4 MiB capa reads of a plugins.lock; remove comments"),
                trust::toString);
        assertFalse(trust.err().contains("\tat "), trust::toString);
        assertArrayEquals(before, Files.readAllBytes(lock));
        assertFalse(Files.exists(dir.resolve("plugins.lock.journal")));
        Capa.Result list = capa("plugins", "list", "--modules", modules.toString());
        assertEquals(0, list.exitCode(), list::toString);
        assertFalse(list.out().contains("larger than"), list::toString);
    }

    @Test
    void aFifoInPlaceOfTheLockFileIsRefusedByTrustAndUntrustWithoutBlocking() throws IOException, InterruptedException {
        Path jar = TestPlugins.quick(Files.createDirectories(dir.resolve("built")), "one", "1.0.0");
        Path modules = TestPlugins.modules(dir.resolve("modules"), jar);
        Path lock = dir.resolve("good.lock");
        assertEquals(0, capa("plugins", "trust", "lab.one.proc", "--reason", "first", "--plugins-lock", lock.toString(),
                "--modules", modules.toString()).exitCode());
        Path sidecar = dir.resolve("good.lock.lck");
        Files.delete(sidecar);
        assertEquals(0, new ProcessBuilder("mkfifo", sidecar.toString()).start().waitFor());
        byte[] before = Files.readAllBytes(lock);
        for (String[] args : List.of(
                new String[] {"plugins", "trust", "lab.one.proc", "--reason", "x", "--plugins-lock", lock.toString(),
                    "--modules", modules.toString()},
                new String[] {"plugins", "untrust", "lab.one.proc", "--reason", "x", "--plugins-lock",
                    lock.toString()})) {
            Capa.Result result = capa(args);
            assertEquals(2, result.exitCode(), result::toString);
            assertEquals(List.of("capa: cannot use " + sidecar.toRealPath() + " (the lock's lock file good.lock.lck):"
                    + " it is a FIFO, a device or a socket, not a regular file; remove it (capa creates it) and try"
                    + " again. Nothing was changed"), result.err().lines().toList(), result::toString);
            assertArrayEquals(before, Files.readAllBytes(lock));
        }
    }
}
