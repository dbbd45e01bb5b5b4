package capa.base.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedFileTest {

    private static final long MIB = 1L << 20;

    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

    @Test
    void everySizeUpToTheBoundIsReadWholeAndEverySizePastItIsRefusedSayingHowLarge() throws IOException {
        Path file = fs.getPath("/lab/plugins.lock");
        Files.createDirectories(file.getParent());
        for (long size : List.of(0L, 1L, 4095L, 4096L, 4097L, MIB - 1, MIB, MIB + 1, MIB + 4096, 3 * MIB)) {
            byte[] content = new byte[(int) size];
            for (int i = 0; i < content.length; i++) {
                content[i] = (byte) (i * 31);
            }
            Files.write(file, content);
            if (size <= MIB) {
                assertArrayEquals(content, BoundedFile.read(file, MIB, "a plugins.lock"), "size " + size);
            } else {
                var e = assertThrows(BoundedFile.RefusedException.class,
                        () -> BoundedFile.read(file, MIB, "a plugins.lock"), "size " + size);
                assertEquals(size + " bytes, larger than the 1 MiB capa reads of a plugins.lock;"
                        + " is this the right file?", e.getMessage());
            }
        }
    }

    @Test
    void aDirectoryIsRefusedAsOne() throws IOException {
        Path directory = Files.createDirectories(fs.getPath("/lab/plugins.lock"));
        var e = assertThrows(BoundedFile.RefusedException.class, () -> BoundedFile.read(directory, MIB, "a plugins.lock"));
        assertEquals("is a directory, not a file", e.getMessage());
        assertEquals("cannot read: is a directory, not a file", "cannot read: " + BoundedFile.reason(e));
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        var e = assertThrows(NoSuchFileException.class, () -> BoundedFile.read(fs.getPath("/nope"), MIB, "a run file"));
        assertEquals("no such file", BoundedFile.reason(e));
    }

    @Test
    void aFifoIsRefusedBeforeAnythingWouldBlockOnIt(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("plugins.lock.journal");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(true, mkfifo.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, mkfifo.exitValue());
        var e = assertThrows(BoundedFile.RefusedException.class,
                () -> BoundedFile.read(fifo, MIB, "a plugins.lock.journal"));
        assertEquals("not a regular file (a FIFO, a device or a socket); a plugins.lock.journal must be a file",
                e.getMessage());
        assertThrows(BoundedFile.RefusedException.class, () -> BoundedFile.requireRegular(fifo, "the journal"));
    }

    @Test
    void aSymbolicLinkIsFollowedToWhatItNames() throws IOException {
        Path target = Files.write(Files.createDirectories(fs.getPath("/srv")).resolve("real.lock"), new byte[] {7});
        Path link = Files.createSymbolicLink(fs.getPath("/link.lock"), target);
        assertArrayEquals(new byte[] {7}, BoundedFile.read(link, MIB, "a plugins.lock"));
    }

    @Test
    void everyFailureReadsAsWordsNeverAsAnExceptionName() {
        assertEquals("permission denied", BoundedFile.reason(new AccessDeniedException("/lab/plugins.lock")));
        assertEquals("Input/output error",
                BoundedFile.reason(new FileSystemException("/lab/plugins.lock", null, "Input/output error")));
        assertEquals("disk on fire", BoundedFile.reason(new IOException("disk on fire")));
        assertEquals("IOException", BoundedFile.reason(new IOException()));
    }
}
