package capa.base.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a real file system: what matters here is rename, fsync and inodes. */
class AtomicReplacementTest {

    @TempDir
    Path dir;

    /**
     * The real file system, but for a rename that cannot be atomic (a network mount); records
     * the renames and directory forces asked of it. (The whole order, fsyncs included, is
     * recorded through the lock's protocol in capa.plugins' LockWriteOrderTest.)
     */
    private static final class Renames implements DurableFiles {
        final List<String> steps = new ArrayList<>();
        final boolean atomic;

        Renames(boolean atomic) {
            this.atomic = atomic;
        }

        @Override
        public WritableFile open(Path file, OpenOption... options) throws IOException {
            return SYSTEM.open(file, options);
        }

        @Override
        public void rename(Path source, Path target) throws IOException {
            steps.add("rename to " + target.getFileName());
            if (!atomic) {
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

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void theFileIsReplacedWholeByANewFileNeverEditedInPlace() throws IOException {
        Path target = Files.writeString(dir.resolve("manifest.json"), "old content, longer than the new");
        Object before = Files.readAttributes(target, BasicFileAttributes.class).fileKey();
        AtomicReplacement.write(target, "new".getBytes(StandardCharsets.UTF_8));
        Object after = Files.readAttributes(target, BasicFileAttributes.class).fileKey();
        assertEquals("new", Files.readString(target));
        assertFalse(before != null && before.equals(after), "a new file (inode) is renamed over the old one");
        assertEquals(List.of(), temporaries());
    }

    @Test
    void aFileThatDidNotExistIsCreated() throws IOException {
        Path target = dir.resolve("new.json");
        AtomicReplacement.write(target, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    }

    @Test
    void theTargetIsUntouchedUntilTheCommitWhichForcesTheDirectoryAfterTheRename() throws IOException {
        Renames files = new Renames(true);
        Path target = Files.writeString(dir.resolve("plugins.lock"), "old");
        try (AtomicReplacement replacement = AtomicReplacement.stage(files, target, "new".getBytes(StandardCharsets.UTF_8))) {
            assertEquals("old", Files.readString(target), "staging leaves the target alone");
            assertEquals("new", Files.readString(replacement.temporary()));
            assertEquals(List.of(), files.steps);
            replacement.commit();
        }
        assertEquals(List.of("rename to plugins.lock", "force directory " + dir.getFileName()), files.steps);
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void aReplacementClosedWithoutCommitLeavesTheTargetAndNoTemporary() throws IOException {
        Path target = Files.writeString(dir.resolve("plugins.lock"), "old");
        try (AtomicReplacement replacement = AtomicReplacement.stage(DurableFiles.SYSTEM, target, new byte[] {9})) {
            assertTrue(Files.exists(replacement.temporary()));
        }
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void aFileSystemThatCannotRenameAtomicallyLeavesTheTargetAndSaysWhy() throws IOException {
        Renames files = new Renames(false);
        Path target = Files.writeString(dir.resolve("manifest.json"), "old");
        try (AtomicReplacement replacement = AtomicReplacement.stage(files, target, new byte[] {9})) {
            assertThrows(AtomicMoveNotSupportedException.class, replacement::commit);
        }
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(), temporaries());
        assertEquals(List.of("rename to manifest.json"), files.steps, "nothing to make durable when nothing was renamed");
    }

    @Test
    void writeNamesTheTargetWhenItsFileSystemCannotRenameAtomically() throws IOException {
        Path target = Files.writeString(dir.resolve("manifest.json"), "old");
        IOException e = assertThrows(IOException.class, () -> AtomicReplacement.write(new Renames(false), target, new byte[] {1}));
        assertEquals("cannot replace " + target + " atomically on this file system", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void temporariesAreRecognisedByTheirTargetAndNothingElseIs() throws IOException {
        Path target = dir.resolve("plugins.lock");
        try (AtomicReplacement replacement = AtomicReplacement.stage(DurableFiles.SYSTEM, target, new byte[0])) {
            assertTrue(AtomicReplacement.isTemporaryOf(target, replacement.temporary()));
            assertFalse(AtomicReplacement.isTemporaryOf(dir.resolve("other.lock"), replacement.temporary()));
        }
        for (String name : List.of("plugins.lock", "plugins.lock.journal", ".plugins.lock", "plugins.lock.tmp",
                ".plugins.lockx.1.tmp", ".plugins.lock.1.tmp.bak")) {
            assertFalse(AtomicReplacement.isTemporaryOf(target, dir.resolve(name)), name);
        }
    }

    @Test
    void twoStagedReplacementsOfOneTargetNeverShareATemporary() throws IOException {
        Path target = dir.resolve("manifest.json");
        try (AtomicReplacement first = AtomicReplacement.stage(DurableFiles.SYSTEM, target, new byte[] {1});
             AtomicReplacement second = AtomicReplacement.stage(DurableFiles.SYSTEM, target, new byte[] {2})) {
            assertFalse(first.temporary().equals(second.temporary()));
            second.commit();
            first.commit();
        }
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(target));
        assertEquals(List.of(), temporaries());
    }
}
