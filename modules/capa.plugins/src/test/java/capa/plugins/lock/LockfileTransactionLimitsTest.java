package capa.plugins.lock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.PluginCoordinates;
import capa.base.PluginId;
import capa.base.io.BoundedFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code trust} and {@code untrust} refuse so that capa can always read back what it
 * wrote, and the files beside the lock that must never make them hang or write elsewhere.
 */
class LockfileTransactionLimitsTest {

    @TempDir
    Path dir;
    Path lock;
    Path journal;

    @BeforeEach
    void setUp() {
        lock = dir.resolve("plugins.lock");
        journal = dir.resolve("plugins.lock.journal");
    }

    private LockfileTransaction transaction() {
        return new LockfileTransaction(LockfileLocator.locate(lock.toString(), Map.of(), dir),
                LockfileTransactionTest.CLOCK);
    }

    private static PluginCoordinates entry(String id) {
        return LockfileTransactionTest.entry(id, "1.0", LockfileTransactionTest.HASH_A);
    }

    private LockState read() {
        return LockfileReader.read(LockfileLocator.locate(lock.toString(), Map.of(), dir));
    }

    /** The lock with one entry, padded with a comment to exactly {@code size} bytes. */
    private void lockOfSize(long size) throws Exception {
        Files.deleteIfExists(lock);
        Files.deleteIfExists(journal);
        transaction().trust(entry("capa.contrib.a"), "first");
        long pad = size - Files.size(lock) - "#\n".length();
        Files.writeString(lock, Files.readString(lock) + "#" + "x".repeat((int) pad) + "\n");
        assertEquals(size, Files.size(lock));
    }

    @Test
    void trustNeverWritesALockCapaCannotReadBack() throws Exception {
        long limit = BoundedFile.LOCK_MAX_BYTES;
        // A new entry adds a block of some 200 bytes: sizes around the limit, below and above it.
        for (long size : new long[] {limit - 4000, limit - 300, limit - 150, limit - 1, limit}) {
            lockOfSize(size);
            byte[] lockBefore = Files.readAllBytes(lock);
            byte[] journalBefore = Files.readAllBytes(journal);
            try {
                transaction().trust(entry("capa.contrib.b"), "second");
                assertTrue(Files.size(lock) <= limit, "wrote " + Files.size(lock));
                assertInstanceOf(LockState.Loaded.class, read());
            } catch (LockWriteException e) {
                assertTrue(e.getMessage().startsWith("cannot write " + lock + ": it would be "), e.getMessage());
                assertTrue(e.getMessage().contains("larger than the 4 MiB capa reads of a plugins.lock;"
                        + " remove comments or entries no longer needed"), e.getMessage());
                assertTrue(e.getMessage().endsWith("Nothing was changed"), e.getMessage());
                assertArrayEquals(lockBefore, Files.readAllBytes(lock));
                assertArrayEquals(journalBefore, Files.readAllBytes(journal));
                // The size it states is the lock with the new entry: over the limit, and no more than an entry over the lock.
                long wouldBe = Long.parseLong(e.getMessage().replaceFirst(".*it would be (\\d+) bytes.*", "$1"));
                assertTrue(wouldBe > limit && wouldBe - size < 400, e.getMessage());
            }
            // Untrust only shrinks the lock: it is always allowed while the lock is readable.
            long beforeRevoke = Files.size(lock);
            transaction().revoke(new PluginId("capa.contrib.a"), "gone");
            assertTrue(Files.size(lock) < beforeRevoke);
        }
    }

    @Test
    void aLockAlreadyOverTheLimitIsRefusedByTrustAndUntrustWithWhatToDo() throws Exception {
        lockOfSize(BoundedFile.LOCK_MAX_BYTES + 1);
        byte[] before = Files.readAllBytes(lock);
        List<LockWriteException> refusals = new ArrayList<>();
        refusals.add(assertThrows(LockWriteException.class,
                () -> transaction().trust(entry("capa.contrib.b"), "second")));
        refusals.add(assertThrows(LockWriteException.class,
                () -> transaction().revoke(new PluginId("capa.contrib.a"), "gone")));
        for (LockWriteException e : refusals) {
            assertTrue(e.getMessage().contains("larger than the 4 MiB capa reads of a plugins.lock"), e.getMessage());
            assertTrue(e.getMessage().contains("trim it below 4 MiB or make it a regular file, or move it away"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("Nothing was changed"), e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(lock));
    }

    @Test
    void trustNeverGrowsTheJournalPastWhatVerifyReads() throws Exception {
        transaction().trust(entry("capa.contrib.a"), "first");
        int line = Files.readAllBytes(journal).length;
        long limit = BoundedFile.JOURNAL_MAX_BYTES;
        for (long size : new long[] {limit - 2L * line, limit - line, limit - line + 1, limit - 10, limit, limit + 5}) {
            // A journal of whole lines: the first one, then zeros (sparse) up to a final line break.
            try (RandomAccessFile file = new RandomAccessFile(journal.toFile(), "rw")) {
                file.setLength(size);
                file.seek(size - 1);
                file.write('\n');
            }
            byte[] lockBefore = Files.readAllBytes(lock);
            try {
                transaction().trust(entry("capa.contrib.a"), "again");
                assertTrue(Files.size(journal) <= limit, "wrote " + Files.size(journal));
            } catch (LockWriteException e) {
                assertEquals("cannot write " + journal + ": the line would make the journal " + (size + line)
                        + " bytes, larger than the 32 MiB capa reads of a plugins.lock.journal (plugins verify could"
                        + " no longer audit it); move it away to keep it as an archive, and try again (capa starts"
                        + " a new journal). Nothing was changed", e.getMessage());
                assertEquals(size, Files.size(journal));
                assertArrayEquals(lockBefore, Files.readAllBytes(lock));
                assertTrue(size + line > limit, "refused a journal that fits: " + size);
            }
        }
    }

    /** The things someone could leave where a file beside the lock belongs. */
    private static final List<String> INTRUDERS = List.of("fifo", "broken link", "link to a file", "directory");

    private void make(String kind, Path at) throws Exception {
        switch (kind) {
            case "fifo" -> assertEquals(0, new ProcessBuilder("mkfifo", at.toString()).start().waitFor());
            case "broken link" -> Files.createSymbolicLink(at, dir.resolve("elsewhere"));
            case "link to a file" -> Files.createSymbolicLink(at, Files.writeString(dir.resolve("elsewhere"), ""));
            case "directory" -> Files.createDirectory(at);
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private void clear(Path at) throws IOException {
        if (Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(at);
        }
        Files.deleteIfExists(at);
        Files.deleteIfExists(dir.resolve("elsewhere"));
    }

    @Test
    void anythingButAFileAtTheLockFileIsRefusedAtOnceForTrustAndUntrust() throws Exception {
        transaction().trust(entry("capa.contrib.a"), "first");
        Path sidecar = dir.resolve("plugins.lock.lck");
        Files.deleteIfExists(sidecar);
        for (String kind : INTRUDERS) {
            make(kind, sidecar);
            byte[] lockBefore = Files.readAllBytes(lock);
            byte[] journalBefore = Files.readAllBytes(journal);
            List<LockWriteException> refusals = new ArrayList<>();
            // A FIFO would block the open for ever: the refusal must come without opening it.
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                refusals.add(assertThrows(LockWriteException.class,
                        () -> transaction().trust(entry("capa.contrib.b"), "second")));
                refusals.add(assertThrows(LockWriteException.class,
                        () -> transaction().revoke(new PluginId("capa.contrib.a"), "gone")));
            }, kind);
            for (LockWriteException e : refusals) {
                assertTrue(e.getMessage().startsWith("cannot use " + sidecar + " (the lock's lock file"
                        + " plugins.lock.lck): it is a"), kind + ": " + e.getMessage());
                assertTrue(e.getMessage().endsWith("not a regular file; remove it (capa creates it) and try again."
                        + " Nothing was changed"), kind + ": " + e.getMessage());
                assertEquals(1, e.getMessage().lines().count());
            }
            assertFalse(Files.exists(dir.resolve("elsewhere")) && Files.size(dir.resolve("elsewhere")) > 0);
            if (kind.equals("broken link")) {
                assertFalse(Files.exists(dir.resolve("elsewhere")), "created the link's target");
            }
            assertArrayEquals(lockBefore, Files.readAllBytes(lock));
            assertArrayEquals(journalBefore, Files.readAllBytes(journal));
            clear(sidecar);
        }
    }

    @Test
    void aJournalThatIsNoFileIsRefusedNamingTheJournal() throws Exception {
        transaction().trust(entry("capa.contrib.a"), "first");
        Files.delete(journal);
        for (String kind : new String[] {"fifo", "broken link", "directory"}) {
            make(kind, journal);
            byte[] lockBefore = Files.readAllBytes(lock);
            LockWriteException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
                    LockWriteException.class, () -> transaction().trust(entry("capa.contrib.b"), "second")), kind);
            assertTrue(e.getMessage().startsWith("cannot write " + journal + ": "), kind + ": " + e.getMessage());
            assertTrue(e.getMessage().toLowerCase().endsWith("nothing was changed"), kind + ": " + e.getMessage());
            assertFalse(Files.exists(dir.resolve("elsewhere")), kind + ": created the link's target");
            assertArrayEquals(lockBefore, Files.readAllBytes(lock));
            clear(journal);
        }
        // A link to an existing journal is followed, as a link to the lock is.
        Path real = Files.writeString(dir.resolve("real.journal"), "");
        Files.createSymbolicLink(journal, real);
        transaction().trust(entry("capa.contrib.b"), "second");
        assertTrue(Files.readString(real).contains("\ttrust\tcapa.contrib.b\t"));
    }

    @Test
    void aLeftoverDirectoryNamedLikeTheTemporaryFileIsNamedWithWhatToDo() throws Exception {
        transaction().trust(entry("capa.contrib.a"), "first");
        Path leftover = Files.createDirectory(dir.resolve(".plugins.lock.abc.tmp"));
        Files.writeString(leftover.resolve("inside"), "x");
        byte[] before = Files.readAllBytes(lock);
        LockWriteException e = assertThrows(LockWriteException.class,
                () -> transaction().trust(entry("capa.contrib.b"), "second"));
        assertEquals(leftover + " is a directory named like the temporary file capa writes a new plugins.lock"
                + " to; capa does not delete directories: move it away or remove it, and try again. Nothing was"
                + " changed", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(lock));
        assertEquals("x", Files.readString(leftover.resolve("inside"), StandardCharsets.UTF_8));
    }
}
