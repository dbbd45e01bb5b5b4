package capa.plugins.jar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layouts of a ZIP archive that {@code java.util.zip.ZipFile} reads, read by capa the same
 * way, with the JDK as the oracle: bytes in front of the archive (with offsets that count them
 * and without), archive comments, data descriptors, stored and deflated entries, ZIP64 end
 * records and extra fields, in JARs read whole and JARs streamed.
 */
class ZipLayoutsTest {

    private static final byte[] SCRIPT = ("#!/bin/sh\nexec java -jar \"$0\" \"$@\"\nexit 1\n")
            .getBytes(StandardCharsets.UTF_8);

    private static final String[] COMMENTS = {"", "built by hand, ü", "c".repeat(16_360), "c".repeat(40_000)};

    @TempDir
    Path dir;

    private static ZipWriter pluginLike(int dataBytes) {
        return new ZipWriter()
                .add("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8), true)
                .add("lab/", new byte[0], false)
                .add("lab/Probe.class", ("class bytes ".repeat(200)).getBytes(StandardCharsets.UTF_8), true)
                .add("lab/data/calibration.bin", ZipWriter.random(dataBytes, 7), false)
                .add("lab/empty.txt", new byte[0], true)
                .add("lab/données/é.txt", "accents".getBytes(StandardCharsets.UTF_8), false)
                .add("META-INF/services/capa.api.Procedure", "lab.Probe\n".getBytes(StandardCharsets.UTF_8), true);
    }

    /** The JDK's reading: every entry's bytes in directory order, or why it refuses. */
    static Map<String, byte[]> readWithJdk(Path file) throws IOException {
        Map<String, byte[]> read = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    read.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return read;
    }

    private static void assertSameAsJdk(Path file, String layout) throws Exception {
        Map<String, byte[]> jdk = readWithJdk(file);
        HashedJar capa = HashedJar.read(file, Retention.EVERYTHING);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)), capa.sha256(),
                layout + ": the digest covers the whole file, bytes in front included");
        assertEquals(List.copyOf(jdk.keySet()), List.copyOf(capa.jar().names()), layout);
        for (Map.Entry<String, byte[]> entry : jdk.entrySet()) {
            assertArrayEquals(entry.getValue(), capa.jar().read(entry.getKey()).orElseThrow(),
                    layout + ": " + entry.getKey());
        }
    }

    @Test
    void everyLayoutTheJdkReadsIsReadTheSame() throws Exception {
        List<String> failures = new ArrayList<>();
        int read = 0;
        for (int dataBytes : new int[] {100, 200_000}) {
            for (int prefix = 0; prefix < 4; prefix++) {
                // Comments that put the ZIP64 locator, or the end record itself, before the
                // first 16 KB a streamed JAR's end is read in.
                for (String comment : COMMENTS) {
                    for (boolean descriptors : new boolean[] {false, true}) {
                        for (int zip64 = 0; zip64 < 4; zip64++) {
                            ZipWriter.Layout layout = ZipWriter.Layout.plain().withComment(comment)
                                    .withZip64((zip64 & 1) != 0, (zip64 & 2) != 0);
                            layout = descriptors ? layout.withDescriptors() : layout;
                            layout = switch (prefix) {
                                case 1 -> layout.withPrefix(SCRIPT, true);
                                case 2 -> layout.withPrefix(SCRIPT, false);
                                case 3 -> layout.withPrefix(ZipWriter.random(70_000, 3), false);
                                default -> layout;
                            };
                            String name = "prefix " + prefix + ", comment of " + comment.length() + ", descriptors "
                                    + descriptors + ", zip64 " + zip64 + ", data " + dataBytes;
                            Path file = Files.write(dir.resolve("layout.jar"), pluginLike(dataBytes).write(layout));
                            boolean jdkReads;
                            try {
                                readWithJdk(file);
                                jdkReads = true;
                            } catch (IOException e) {
                                jdkReads = false;
                            }
                            try {
                                if (jdkReads) {
                                    assertSameAsJdk(file, name);
                                    read++;
                                } else {
                                    HashedJar.read(file, Retention.EVERYTHING);
                                    failures.add(name + ": the JDK refuses it, capa read it");
                                }
                            } catch (JarFormatException e) {
                                if (jdkReads) {
                                    failures.add(name + ": " + e.getMessage());
                                }
                            } catch (AssertionError e) {
                                failures.add(e.getMessage());
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        // Only a ZIP64 end record behind bytes its locator does not count is unreadable (to both).
        int layouts = 2 * 4 * COMMENTS.length * 2 * 4;
        assertEquals(layouts - layouts / 4, read, "layouts the JDK read");
    }

    @Test
    void anExecutableJarWithAScriptInFrontIsRead() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SCRIPT);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\r\nMain-Class: lab.Main\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("lab/Main.class"));
            zip.write(ZipWriter.random(90_000, 5));
            zip.closeEntry();
        }
        Path file = Files.write(dir.resolve("lab-probe-2.0.jar"), out.toByteArray());
        assertSameAsJdk(file, "script in front, offsets not counting it (ZipOutputStream)");
    }

    @Test
    void aJarWithMoreThan65535EntriesIsReadThroughItsZip64EndRecord() throws Exception {
        int count = 70_000;
        Path file = dir.resolve("many.jar");
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (int i = 0; i < count; i++) {
                // Stored one-byte entries: a deflater per entry would cost seconds.
                ZipEntry entry = new ZipEntry(manyName(i));
                CRC32 crc = new CRC32();
                crc.update(i & 0x7F);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(1);
                entry.setCompressedSize(1);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(i & 0x7F);
            }
        }
        HashedJar read = HashedJar.read(file, Retention.CODE_AND_METADATA);
        assertEquals(count, read.jar().names().size());
        try (ZipFile jdk = new ZipFile(file.toFile())) {
            assertEquals(jdk.size(), read.jar().names().size());
        }
        for (int i : new int[] {0, 65_535, 65_536, count - 1}) {
            assertArrayEquals(new byte[] {(byte) (i & 0x7F)},
                    read.jar().read(manyName(i)).orElseThrow());
        }
    }

    private static String manyName(int i) {
        return "r/" + (100_000 + i) + ".class";
    }

    @Test
    void anExtraFieldThatRunsPastItsEntrysExtraDataIsRefusedAsTheJdkRefusesIt() throws Exception {
        // Found by attack: the JDK would not open such a JAR at all (so no reviewer's tool
        // would show it) while capa read and ran it. Any tag, ZIP64's included.
        for (byte[] extra : List.of(new byte[] {(byte) 0xFE, (byte) 0xCA, 8, 0, 1, 2, 3, 4},
                new byte[] {1, 0, 8, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF})) {
            byte[] jar = new ZipWriter().add("lab/Probe.class", "class bytes".getBytes(StandardCharsets.UTF_8), true)
                    .write(ZipWriter.Layout.plain());
            Path file = Files.write(dir.resolve("extra.jar"), withCentralExtra(jar, extra));
            IOException jdk = assertThrows(IOException.class, () -> readWithJdk(file));
            assertTrue(jdk.getMessage().contains("invalid extra data field size"), jdk::toString);
            JarFormatException capa = assertThrows(JarFormatException.class,
                    () -> HashedJar.read(file, Retention.EVERYTHING));
            assertEquals(String.format("corrupt: extra field 0x%04x of 'lab/Probe.class' runs past the end of the"
                    + " entry's extra data", (extra[0] & 0xFF) | (extra[1] & 0xFF) << 8), capa.getMessage());
        }
    }

    /** {@code jar} (one entry, no comment) with {@code extra} as its central directory entry's extra data. */
    private static byte[] withCentralExtra(byte[] jar, byte[] extra) {
        int end = jar.length - 22;
        int cen = (int) ZipDirectory.u32(jar, end + 16);
        int nameLength = (jar[cen + 28] & 0xFF) | (jar[cen + 29] & 0xFF) << 8;
        int extraAt = cen + 46 + nameLength;
        byte[] out = new byte[jar.length + extra.length];
        System.arraycopy(jar, 0, out, 0, extraAt);
        System.arraycopy(extra, 0, out, extraAt, extra.length);
        System.arraycopy(jar, extraAt, out, extraAt + extra.length, jar.length - extraAt);
        out[cen + 30] = (byte) extra.length;
        int cenSize = end - cen + extra.length;
        int newEnd = end + extra.length;
        out[newEnd + 12] = (byte) cenSize;
        out[newEnd + 13] = (byte) (cenSize >> 8);
        return out;
    }

    @Test
    void aZip64EndRecordWhoseValuesDisagreeWithTheEndRecordIsNotUsed() throws Exception {
        byte[] content = pluginLike(100).write(ZipWriter.Layout.plain().withZip64(false, true));
        // The end record's count placeholder becomes 3 where the ZIP64 record says 7: ZipFile
        // then ignores the ZIP64 record, and the size and offset placeholders remain.
        int end = content.length - 22;
        content[end + 8] = 3;
        content[end + 9] = 0;
        content[end + 10] = 3;
        content[end + 11] = 0;
        Path file = Files.write(dir.resolve("disagree.jar"), content);
        try {
            readWithJdk(file);
            fail("the JDK reads it");
        } catch (IOException expected) {
            // As the JDK: unreadable.
        }
        JarFormatException e = assertThrows(JarFormatException.class,
                () -> HashedJar.read(file, Retention.EVERYTHING));
        assertTrue(e.getMessage().contains("ZIP64 end record that is not there"), e.getMessage());
    }
}
