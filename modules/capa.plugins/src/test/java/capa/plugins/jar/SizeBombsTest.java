package capa.plugins.jar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JARs whose declared numbers lie, or that inflate as only a zip bomb does: refused, or read,
 * without memory in proportion to what they declare. Memory is measured as the bytes the
 * reading thread allocated ({@code com.sun.management.ThreadMXBean}).
 */
class SizeBombsTest {

    /** More than the reader of a small JAR needs (buffers, directory, maps), far below any lie. */
    private static final long MODEST = 4L * 1024 * 1024;

    @TempDir
    Path dir;

    /**
     * Bytes this thread has allocated so far. Called reflectively: capa.plugins does not read
     * jdk.management, and a test should not make it.
     */
    private static long allocated() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory")
                    .getMethod("getThreadMXBean").invoke(null);
            return (long) Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getCurrentThreadAllocatedBytes").invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot measure allocation", e);
        }
    }

    /** Reads every entry; returns the refusal's message, or null when all read. */
    private static String readAll(Path file) throws IOException {
        try {
            InMemoryJar jar = HashedJar.read(file, Retention.EVERYTHING).jar();
            for (String name : jar.names()) {
                jar.read(name);
            }
            return null;
        } catch (JarFormatException e) {
            return e.getMessage();
        }
    }

    private Path jar(String name, ZipWriter.Entry lying, ZipWriter.Layout layout) throws IOException {
        ZipWriter writer = new ZipWriter()
                .add("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8), true)
                .add(lying)
                .add("lab/Probe.class", ZipWriter.random(500, 1), true);
        return Files.write(dir.resolve(name), writer.write(layout));
    }

    @Test
    void declaredSizesFarAboveTheContentAreRefusedWithoutAllocatingThem() throws Exception {
        byte[] content = "a small class".getBytes(StandardCharsets.UTF_8);
        List<String> failures = new ArrayList<>();
        long[] lies = {2L << 20, 200L << 20, 2_000_000_000L, 0xFFFF_FFFEL, 1L << 40, Long.MAX_VALUE};
        for (long declared : lies) {
            for (boolean zip64 : new boolean[] {false, true}) {
                if (!zip64 && declared > 0xFFFF_FFFEL) {
                    continue;
                }
                for (boolean deflated : new boolean[] {true, false}) {
                    ZipWriter.Layout layout = ZipWriter.Layout.plain().withZip64(zip64, false);
                    Path file = jar("lie.jar", new ZipWriter.Entry("lab/Lie.class", content, deflated, declared),
                            layout);
                    long before = allocated();
                    String refusal = readAll(file);
                    long used = allocated() - before;
                    String label = "declared " + declared + (zip64 ? " (ZIP64)" : "")
                            + (deflated ? " deflated" : " stored");
                    if (refusal == null) {
                        failures.add(label + ": read");
                    } else if (used > MODEST) {
                        failures.add(label + ": allocated " + used + " bytes to refuse it (" + refusal + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void aTinyJarDeclaringTwoGigabytesSaysItIsABomb() throws Exception {
        Path file = jar("tiny.jar", new ZipWriter.Entry("META-INF/services/capa.api.Procedure",
                "lab.Probe\n".getBytes(StandardCharsets.UTF_8), true, 2_000_000_000L), ZipWriter.Layout.plain());
        assertTrue(Files.size(file) < 1024);
        JarFormatException e = assertThrows(JarFormatException.class,
                () -> HashedJar.read(file, Retention.CODE_AND_METADATA));
        assertTrue(e.getMessage().matches("entry 'META-INF/services/capa.api.Procedure' declares 2000000000 bytes"
                + " from \\d+ compressed: a zip bomb's ratio \\(capa reads at most 100:1 above 1 MB\\)"),
                e.getMessage());
    }

    @Test
    void aRealBombIsRefusedBeforeItInflates() throws Exception {
        byte[] zeros = new byte[64 << 20];
        Path file = jar("bomb.jar", new ZipWriter.Entry("lab/Bomb.class", zeros, true), ZipWriter.Layout.plain());
        assertTrue(Files.size(file) < 200_000, "deflate makes about 1000:1 of zeros");
        long before = allocated();
        String refusal = readAll(file);
        assertTrue(allocated() - before < MODEST, "refused before inflating");
        assertTrue(refusal != null && refusal.contains("zip bomb"), refusal);
    }

    @Test
    void aSmallFileOfZerosMayInflateAtAnyRatio() throws Exception {
        byte[] zeros = new byte[ZipDirectory.BOMB_GRACE];
        Path file = jar("zeros.jar", new ZipWriter.Entry("lab/empty-table.bin", zeros, true), ZipWriter.Layout.plain());
        assertArrayEquals(zeros, HashedJar.read(file, Retention.EVERYTHING).jar().read("lab/empty-table.bin")
                .orElseThrow());
    }

    @Test
    void contentThatInflatesToMoreOrLessThanDeclaredIsCorruptAndAllocatesNoMoreThanDeclared() throws Exception {
        byte[] content = ZipWriter.random(300_000, 9);
        List<String> failures = new ArrayList<>();
        for (long declared : new long[] {0, 1, 1000, 299_999, 300_001, 600_000, 20_000_000}) {
            Path file = jar("mismatch.jar", new ZipWriter.Entry("lab/Data.class", content, true, declared),
                    ZipWriter.Layout.plain());
            long before = allocated();
            String refusal = readAll(file);
            long used = allocated() - before;
            if (refusal == null || !refusal.startsWith("corrupt: 'lab/Data.class' inflates to")) {
                failures.add(declared + ": " + refusal);
            } else if (used > 3 * (Files.size(file) + Math.min(declared, content.length)) + MODEST) {
                failures.add(declared + ": allocated " + used);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void aDeflateStreamThatDoesNotEndWithinItsDataIsCorruptAsTheJdkFindsIt() throws Exception {
        // The content flushed but never finished: every declared byte inflates, the CRC
        // matches, and the stream still goes on past the entry's data.
        byte[] content = "class bytes ".repeat(50).getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        byte[] buffer = new byte[4096];
        byte[] open = Arrays.copyOf(buffer, deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH));
        deflater.end();
        Path file = Files.write(dir.resolve("open.jar"), new ZipWriter()
                .add(new ZipWriter.Entry("lab/Probe.class", content, true, content.length, open))
                .write(ZipWriter.Layout.plain()));
        assertEquals("corrupt: the deflate stream of 'lab/Probe.class' does not end within its " + open.length
                + " compressed bytes", readAll(file));
        assertThrows(EOFException.class, () -> ZipLayoutsTest.readWithJdk(file));
    }

    @Test
    void aDamagedStreamThatZipFileInflatesPastTheDeclaredSizeIsCorrupt() throws Exception {
        // Found by ZipFuzzTest (seed 22423180703930): one bit of the stream's last bytes
        // flipped. capa stopped at the declared 25 bytes, whose CRC matched; ZipFile, which
        // feeds a dummy byte once the data is used up, read on to 57 bytes.
        byte[] manifest = "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] damaged = ZipWriter.deflate(manifest);
        damaged[damaged.length - 2] ^= 1 << 5;
        Path file = Files.write(dir.resolve("damaged.jar"), new ZipWriter()
                .add(new ZipWriter.Entry("META-INF/MANIFEST.MF", manifest, true, manifest.length, damaged))
                .write(ZipWriter.Layout.plain()));
        assertTrue(ZipLayoutsTest.readWithJdk(file).get("META-INF/MANIFEST.MF").length > manifest.length,
                "ZipFile reads past the declared size (the case this test is about)");
        assertEquals("corrupt: 'META-INF/MANIFEST.MF' inflates to more than its declared 25 bytes", readAll(file));
    }

    @Test
    void aWrongCrcIsCorrupt() throws Exception {
        byte[] bytes = new ZipWriter().add("lab/Probe.class", ZipWriter.random(2000, 4), true).write(ZipWriter.Layout.plain());
        int cen = bytes.length - 22 - 46 - "lab/Probe.class".length();
        bytes[cen + 16] ^= 1;
        Path file = Files.write(dir.resolve("crc.jar"), bytes);
        assertEquals("corrupt: CRC mismatch in 'lab/Probe.class'", readAll(file));
    }

    @Test
    void aSparseFileIsHashedButItsHoleIsNeverHeld() throws Exception {
        // A class, a 300 MB hole the file system does not store, then the central directory
        // that counts the hole as a stored data file's content.
        Path file = dir.resolve("sparse.jar");
        byte[] head = new ZipWriter().add("lab/Probe.class", ZipWriter.random(500, 1), true).write(ZipWriter.Layout.plain());
        int entriesEnd = (int) ZipDirectory.u32(head, head.length - 22 + 16);
        long hole = 300L << 20;
        byte[] name = "lab/hole.bin".getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[1 << 20];
        for (long i = 0; i < hole; i += chunk.length) {
            crc.update(chunk);
        }
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(head, 0, entriesEnd);
            long holeHeader = out.getFilePointer();
            out.write(localHeader(name, crc.getValue(), hole));
            out.seek(holeHeader + 30 + name.length + hole);
            long cen = out.getFilePointer();
            byte[] directory = Arrays.copyOfRange(head, entriesEnd, head.length - 22);
            out.write(directory);
            out.write(centralHeader(name, crc.getValue(), hole, holeHeader));
            long cenSize = out.getFilePointer() - cen;
            out.write(endRecord(2, cenSize, cen));
        }
        try (ZipFile jdk = new ZipFile(file.toFile())) {
            assertEquals(hole, jdk.getEntry("lab/hole.bin").getSize(), "the JDK reads it");
        }
        long before = allocated();
        HashedJar read = HashedJar.read(file, Retention.CODE_AND_METADATA);
        assertTrue(allocated() - before < MODEST, "hashed through one chunk, the hole never held");
        assertEquals(2, read.jar().names().size());
        read.jar().read("lab/Probe.class").orElseThrow();
    }

    private static byte[] localHeader(byte[] name, long crc, long size) {
        ByteBuffer b = ByteBuffer.allocate(30 + name.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ZipDirectory.LOC_SIGNATURE).putShort((short) 20).putShort((short) 0).putShort((short) 0)
                .putInt(0).putInt((int) crc).putInt((int) size).putInt((int) size)
                .putShort((short) name.length).putShort((short) 0).put(name);
        return b.array();
    }

    private static byte[] centralHeader(byte[] name, long crc, long size, long offset) {
        ByteBuffer b = ByteBuffer.allocate(46 + name.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) 0)
                .putInt(0).putInt((int) crc).putInt((int) size).putInt((int) size)
                .putShort((short) name.length).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) offset).put(name);
        return b.array();
    }

    private static byte[] endRecord(int entries, long cenSize, long cenOffset) {
        ByteBuffer b = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries)
                .putShort((short) entries).putInt((int) cenSize).putInt((int) cenOffset).putShort((short) 0);
        return b.array();
    }
}
