package capa.plugins.jar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a JAR once: the digest covers every byte of the file, what is kept was taken from
 * the hashed stream, and inspection keeps code and metadata only.
 */
class HashedJarTest {

    @TempDir
    Path dir;

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** A JAR of these entries in this order; random data is stored, the rest deflated. */
    private static byte[] jar(Map<String, byte[]> entries, String comment) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (e.getKey().endsWith(".bin")) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCompressedSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
            if (comment != null) {
                zip.setComment(comment);
            }
        }
        return out.toByteArray();
    }

    /** A class file, a manifest, a large stored data file between them, and a service file. */
    private static Map<String, byte[]> pluginLike(int dataBytes) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        entries.put("lab/Probe.class", random(3000, 1));
        entries.put("lab/data/calibration.bin", random(dataBytes, 2));
        entries.put("lab/Probe$Config.class", random(700, 3));
        entries.put("META-INF/services/capa.api.Procedure", "lab.Probe\n".getBytes(StandardCharsets.UTF_8));
        entries.put("lab/readme.txt", "notes".getBytes(StandardCharsets.UTF_8));
        return entries;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void aRunKeepsEveryEntryAndTheDigestCoversTheWholeFile() throws Exception {
        Map<String, byte[]> entries = pluginLike(3 * 1024 * 1024 + 17);
        byte[] content = jar(entries, null);
        HashedJar read = HashedJar.read(write("big.jar", content), Retention.EVERYTHING);
        assertArrayEquals(sha256(content), read.sha256());
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            assertArrayEquals(e.getValue(), read.jar().read(e.getKey()).orElseThrow(), e.getKey());
        }
    }

    @Test
    void inspectionKeepsCodeAndMetadataButKnowsEveryName() throws Exception {
        Map<String, byte[]> entries = pluginLike(2 * 1024 * 1024);
        byte[] content = jar(entries, null);
        HashedJar read = HashedJar.read(write("big.jar", content), Retention.CODE_AND_METADATA);
        assertArrayEquals(sha256(content), read.sha256(), "every byte is hashed, kept or not");
        assertEquals(List.copyOf(entries.keySet()), List.copyOf(read.jar().names()));
        for (String kept : List.of("META-INF/MANIFEST.MF", "lab/Probe.class", "lab/Probe$Config.class",
                "META-INF/services/capa.api.Procedure")) {
            assertArrayEquals(entries.get(kept), read.jar().read(kept).orElseThrow(), kept);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> read.jar().read("lab/data/calibration.bin"));
        assertTrue(e.getMessage().contains("not kept"), e.getMessage());
    }

    @Test
    void smallAndLargeJarsGiveTheSameDigestAndEntries() throws Exception {
        Map<String, byte[]> entries = pluginLike(10_000);
        byte[] content = jar(entries, null);
        assertTrue(content.length <= HashedJar.SMALL, "read in one piece");
        HashedJar small = HashedJar.read(write("small.jar", content), Retention.CODE_AND_METADATA);
        assertArrayEquals(sha256(content), small.sha256());
        assertArrayEquals(entries.get("lab/Probe.class"), small.jar().read("lab/Probe.class").orElseThrow());
        assertArrayEquals(entries.get("lab/data/calibration.bin"),
                small.jar().read("lab/data/calibration.bin").orElseThrow(), "a small JAR is kept whole");
    }

    @Test
    void aCentralDirectoryLargerThanTheFirstLookAtTheEndIsReadWhole() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("lab/data/bulk.bin", random(200_000, 4));
        for (int i = 0; i < 600; i++) {
            entries.put(String.format("lab/generated/with/a/long/package/Step%04d.class", i), random(40, i));
        }
        byte[] content = jar(entries, null);
        HashedJar read = HashedJar.read(write("many.jar", content), Retention.CODE_AND_METADATA);
        assertArrayEquals(sha256(content), read.sha256());
        assertEquals(601, read.jar().names().size());
        assertArrayEquals(entries.get("lab/generated/with/a/long/package/Step0599.class"),
                read.jar().read("lab/generated/with/a/long/package/Step0599.class").orElseThrow());
    }

    @Test
    void aLongArchiveCommentIsLookedPast() throws Exception {
        Map<String, byte[]> entries = pluginLike(300_000);
        byte[] content = jar(entries, "c".repeat(40_000));
        HashedJar read = HashedJar.read(write("commented.jar", content), Retention.CODE_AND_METADATA);
        assertArrayEquals(sha256(content), read.sha256());
        assertArrayEquals(entries.get("lab/Probe.class"), read.jar().read("lab/Probe.class").orElseThrow());
    }

    @Test
    void aLargeFileThatIsNotAZipIsSaidToBeOne() throws Exception {
        byte[] text = "temperature,time\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        JarFormatException e = assertThrows(JarFormatException.class,
                () -> HashedJar.read(write("notes.jar", text), Retention.CODE_AND_METADATA));
        assertEquals("not a ZIP archive", e.getMessage());
    }

    @Test
    void aLargeJarCutShortIsTruncated() throws Exception {
        byte[] content = jar(pluginLike(500_000), null);
        byte[] cut = Arrays.copyOf(content, content.length - 100);
        JarFormatException e = assertThrows(JarFormatException.class,
                () -> HashedJar.read(write("cut.jar", cut), Retention.CODE_AND_METADATA));
        assertEquals("truncated: no end of central directory", e.getMessage());
    }

    @Test
    void aLocalHeaderOffsetPointingOutsideTheEntriesMakesTheJarInvalid() throws Exception {
        byte[] content = jar(pluginLike(500_000), null);
        // Point the first central-directory entry's local header into the directory itself.
        int eocd = content.length - 22;
        int directory = (int) ZipDirectory.u32(content, eocd + 16);
        writeU32(content, directory + 42, directory);
        JarFormatException e = assertThrows(JarFormatException.class,
                () -> HashedJar.read(write("bent.jar", content), Retention.CODE_AND_METADATA));
        assertTrue(e.getMessage().startsWith("truncated or corrupt: no local header for 'META-INF/MANIFEST.MF'"),
                e.getMessage());
    }

    @Test
    void anEmptyFileIsNotAJar() throws Exception {
        JarFormatException e = assertThrows(JarFormatException.class,
                () -> HashedJar.read(write("empty.jar", new byte[0]), Retention.CODE_AND_METADATA));
        assertEquals("empty file", e.getMessage());
    }

    @Test
    void aReleasedJarCannotBeReadAgain() throws Exception {
        HashedJar read = HashedJar.read(write("a.jar", jar(pluginLike(100), null)), Retention.EVERYTHING);
        read.jar().release();
        assertThrows(IllegalStateException.class, () -> read.jar().read("lab/Probe.class"));
    }

    private static void writeU32(byte[] bytes, int at, long value) {
        for (int i = 0; i < 4; i++) {
            bytes[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
