package capa.plugins.jar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a JAR once, hashing exactly what was read, into arrays reused across JARs. */
class HashedFileTest {

    @TempDir
    Path dir;

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static byte[] jar(int payloadBytes) throws IOException {
        byte[] payload = new byte[payloadBytes];
        new SplittableRandom(1).nextBytes(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("lab/payload.bin"));
            zip.write(payload);
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    @Test
    void theDigestCoversExactlyTheBytesOfTheFileAcrossManyChunks() throws Exception {
        byte[] content = jar(3 * 1024 * 1024 + 17);
        Path file = Files.write(dir.resolve("big.jar"), content);
        HashedFile read = HashedFile.read(file);
        assertEquals(content.length, read.length());
        assertArrayEquals(content, read.bytes());
        assertArrayEquals(sha256(content), read.sha256());
    }

    @Test
    void aSmallerJarReadIntoAReusedArrayIsHashedAndParsedOverItsOwnLengthOnly() throws Exception {
        byte[] big = jar(1024 * 1024);
        byte[] small = Arrays.copyOf(big, big.length / 2);
        ReadBuffers buffers = new ReadBuffers();
        HashedFile first = HashedFile.read(Files.write(dir.resolve("big.jar"), big), buffers);
        InMemoryJar.parse(first.bytes(), first.length()).release();
        buffers.give(first.bytes());

        HashedFile second = HashedFile.read(Files.write(dir.resolve("truncated.jar"), small), buffers);
        assertSame(first.bytes(), second.bytes(), "the array is reused");
        assertEquals(small.length, second.length());
        assertArrayEquals(sha256(small), second.sha256());
        // The rest of the big JAR is still in the array; it must not complete the truncated one.
        JarFormatException e = assertThrows(JarFormatException.class,
                () -> InMemoryJar.parse(second.bytes(), second.length()));
        assertTrue(e.getMessage().startsWith("truncated"), e.getMessage());
    }

    @Test
    void aReleasedJarCannotBeReadAgain() throws Exception {
        HashedFile read = HashedFile.read(Files.write(dir.resolve("a.jar"), jar(100)));
        InMemoryJar jar = InMemoryJar.parse(read.bytes(), read.length());
        jar.release();
        assertThrows(IllegalStateException.class, () -> jar.read("lab/payload.bin"));
    }
}
