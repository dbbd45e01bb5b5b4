package capa.plugins.lock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import capa.base.PluginId;
import capa.base.io.DurableFiles;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash-safety protocol's order, recorded: a SIGKILL keeps written data in the page cache,
 * so only this shows a missing fsync or a rename before the journal line.
 */
class LockWriteOrderTest {

    @TempDir
    Path dir;
    Path lock;
    Path journal;

    /** Records each operation by the file's name (a temporary as {@code temporary}), then does it. */
    private static final class Recording implements DurableFiles {
        final List<String> steps = new ArrayList<>();
        boolean renameFails;

        private static String name(Path file) {
            String name = file.getFileName().toString();
            return name.startsWith(".") && name.endsWith(".tmp") ? "temporary" : name;
        }

        @Override
        public WritableFile open(Path file, OpenOption... options) throws IOException {
            steps.add("open " + name(file));
            WritableFile real = SYSTEM.open(file, options);
            return new WritableFile() {
                @Override
                public void write(byte[] bytes) throws IOException {
                    steps.add("write " + name(file));
                    real.write(bytes);
                }

                @Override
                public void force() throws IOException {
                    steps.add("force " + name(file));
                    real.force();
                }

                @Override
                public void truncate(long size) throws IOException {
                    steps.add("truncate " + name(file));
                    real.truncate(size);
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        }

        @Override
        public void rename(Path source, Path target) throws IOException {
            steps.add("rename " + name(source) + " " + name(target));
            if (renameFails) {
                throw new AtomicMoveNotSupportedException(source.toString(), target.toString(), "not here");
            }
            SYSTEM.rename(source, target);
        }

        @Override
        public void forceDirectory(Path directory) {
            steps.add("force directory " + directory.getFileName());
            SYSTEM.forceDirectory(directory);
        }
    }

    private final Recording files = new Recording();

    @BeforeEach
    void setUp() throws IOException {
        lock = dir.resolve("plugins.lock");
        journal = dir.resolve("plugins.lock.journal");
        Files.writeString(lock, "version = 1\n");
        Files.writeString(journal, "");
    }

    private LockfileTransaction transaction() {
        return new LockfileTransaction(LockfileLocator.locate(null, Map.of(), dir), LockfileTransactionTest.CLOCK, files);
    }

    private List<String> protocol() {
        String directory = dir.getFileName().toString();
        return List.of("open temporary", "write temporary", "force temporary",
                "open plugins.lock.journal", "write plugins.lock.journal", "force plugins.lock.journal",
                "rename temporary plugins.lock", "force directory " + directory);
    }

    @Test
    void trustWritesForcesJournalsForcesRenamesAndForcesTheDirectoryInThatOrder() throws Exception {
        transaction().trust(LockfileTransactionTest.entry("capa.contrib.a", "1", LockfileTransactionTest.HASH_A), "ok");
        assertEquals(protocol(), files.steps);
    }

    @Test
    void untrustFollowsTheSameOrder() throws Exception {
        transaction().trust(LockfileTransactionTest.entry("capa.contrib.a", "1", LockfileTransactionTest.HASH_A), "ok");
        files.steps.clear();
        transaction().revoke(new PluginId("capa.contrib.a"), "retired");
        assertEquals(protocol(), files.steps);
    }

    @Test
    void aNewJournalIsMadeDurableInItsDirectoryBeforeTheRename() throws Exception {
        Files.delete(journal);
        transaction().trust(LockfileTransactionTest.entry("capa.contrib.a", "1", LockfileTransactionTest.HASH_A), "ok");
        List<String> expected = new ArrayList<>(protocol());
        expected.add(6, "force directory " + dir.getFileName());
        assertEquals(expected, files.steps);
    }

    @Test
    void aRenameThatCannotBeAtomicTakesTheJournalLineBackDurably() throws Exception {
        files.renameFails = true;
        byte[] before = Files.readAllBytes(lock);
        assertThrows(LockWriteException.class, () -> transaction()
                .trust(LockfileTransactionTest.entry("capa.contrib.a", "1", LockfileTransactionTest.HASH_A), "ok"));
        List<String> expected = new ArrayList<>(protocol().subList(0, 7));
        expected.addAll(List.of("open plugins.lock.journal", "truncate plugins.lock.journal",
                "force plugins.lock.journal"));
        assertEquals(expected, files.steps);
        assertArrayEquals(before, Files.readAllBytes(lock));
        assertEquals(0, Files.size(journal));
    }
}
