package capa.plugins.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.PluginId;
import capa.testkit.Seed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write protocol against real processes: writers in separate JVMs queue on the file lock,
 * and a writer killed with SIGKILL at any moment leaves a lock that is the old or the new one,
 * never a change without its journal line.
 *
 * <p>The writers are {@link LockWriterProcess} JVMs running {@link LockfileTransaction} from the
 * test classes, not {@code bin/capa}: a {@code trust} process spends almost all its life
 * starting and discovering, so kills would rarely land inside a write. SIGKILL cannot show a
 * missing fsync (the page cache survives it); {@link LockWriteOrderTest} records that order.
 * The kill timings come from a seeded {@link Random}: the seed is printed, and
 * {@code -Dcapa.test.seed=N} replays it.
 */
class LockWriteProcessesTest {

    @TempDir
    Path dir;

    @Test
    void eightProcessesTrustingAtOnceAllLand() throws Exception {
        for (int round = 0; round < 2; round++) {
            Path lock = dir.resolve("round" + round + ".lock");
            List<Process> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                writers.add(start("once", lock.toString(), "capa.test.p" + i));
            }
            for (Process writer : writers) {
                assertTrue(writer.waitFor(60, TimeUnit.SECONDS), "writer did not finish");
                assertEquals(0, writer.exitValue(), new String(writer.getErrorStream().readAllBytes()));
            }
            Lockfile lockfile = loaded(lock);
            assertEquals(8, lockfile.entries().size());
            assertEquals(8, Files.readAllLines(Path.of(lock + ".journal")).size());
            assertEquals(8, IndependentToml.ids(Files.readString(lock)).size());
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // 50 JVMs started and killed, one after another
    void writerKilledAtAnyMomentLeavesTheOldOrNewLockAndItsJournalLine() throws Exception {
        long seed = Seed.of("LockWriteProcessesTest.writerKilledAtAnyMoment");
        Random random = new Random(seed);
        Path lock = dir.resolve("plugins.lock");
        Path journal = Path.of(lock + ".journal");
        PluginId id = new PluginId("capa.test.crash");
        for (int run = 0; run < 50; run++) {
            Process writer = start("loop", lock.toString(), id.value(), Integer.toString(run * 100_000 + 1));
            BufferedReader written = new BufferedReader(
                    new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            // Each line is one completed write; wait for one or more so the JVM is in its write
            // loop, then kill it a random moment later, which lands inside some later write.
            int completed = 1 + random.nextInt(3);
            for (int i = 0; i < completed && written.readLine() != null; i++) {
                LockSupport.parkNanos(random.nextInt(500_000));
            }
            LockSupport.parkNanos(random.nextInt(2_000_000));
            writer.destroyForcibly();
            writer.waitFor();

            String version = loaded(lock).entry(id).orElseThrow().version();
            List<String> journaled = Files.readAllLines(journal).stream()
                    .map(line -> JournalLine.parse(line).version()).toList();
            int line = journaled.lastIndexOf(version);
            assertTrue(line >= 0, "seed " + seed + ", run " + run + ": the lock holds version " + version
                    + " but the journal has no line for it");
            assertTrue(journaled.size() - line - 1 <= 1, "seed " + seed + ", run " + run + ": the journal is "
                    + (journaled.size() - line - 1) + " changes ahead of the lock");
        }
        IndependentToml.ids(Files.readString(lock));
    }

    private static Process start(String... args) throws IOException {
        return new ProcessBuilder(LockWriterProcess.command(args)).start();
    }

    private Lockfile loaded(Path lock) {
        return assertInstanceOf(LockState.Loaded.class,
                LockfileReader.read(LockfileLocator.locate(lock.toString(), Map.of(), dir))).lockfile();
    }
}
