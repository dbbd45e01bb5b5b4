package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JARs whose sizes are bombs next to the example plugins, on a 256 MB heap: a tiny JAR that
 * declares 2 GB, a real zip bomb, a sparse file of 2 GB, a sparse ZIP whose class is a 300 MB
 * hole, and a manifest that inflates past its declared size. {@code plugins list} names each
 * with one line and lists the rest; the builtins still run.
 */
class SizeBombsE2eTest {

    private static final Map<String, String> SMALL_HEAP = Map.of("CAPA_JAVA_OPTS", "-Xmx256m");

    @TempDir
    Path dir;

    /**
     * A deflated entry, its central-directory size field then set to {@code declared}, and a
     * service file naming a provider, so that discovery reads on.
     */
    private static byte[] lyingJar(String name, byte[] content, long declared) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            if (!name.startsWith("META-INF/services/")) {
                zip.putNextEntry(new ZipEntry("META-INF/services/capa.api.Procedure"));
                zip.write("lab.Probe\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = out.toByteArray();
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int cen = buffer.getInt(bytes.length - 22 + 16);
        buffer.putInt(cen + 24, (int) declared);
        return bytes;
    }

    private static void zipBomb(Path file) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("lab/Bomb.class"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                zip.write(zeros);
            }
        }
    }

    /** A ZIP of one stored class whose content is a hole the file system does not store. */
    private static void sparseZip(Path file, long hole) throws IOException {
        byte[] name = "lab/Big.class".getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        byte[] zeros = new byte[1 << 20];
        for (long i = 0; i < hole; i += zeros.length) {
            crc.update(zeros);
        }
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            ByteBuffer local = ByteBuffer.allocate(30 + name.length).order(ByteOrder.LITTLE_ENDIAN);
            local.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt((int) crc.getValue()).putInt((int) hole).putInt((int) hole)
                    .putShort((short) name.length).putShort((short) 0).put(name);
            out.write(local.array());
            out.seek(local.capacity() + hole);
            ByteBuffer central = ByteBuffer.allocate(46 + name.length + 22).order(ByteOrder.LITTLE_ENDIAN);
            central.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
                    .putShort((short) 0).putInt(0).putInt((int) crc.getValue()).putInt((int) hole)
                    .putInt((int) hole).putShort((short) name.length).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(name);
            central.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1)
                    .putShort((short) 1).putInt(46 + name.length).putInt((int) (local.capacity() + hole))
                    .putShort((short) 0);
            out.write(central.array());
        }
    }

    @Test
    void bombsAreEachRejectedOnceAndTheRestListsAndRunsOnASmallHeap() throws Exception {
        Rig rig = new Rig(dir);
        Files.write(rig.modules.resolve("tiny-bomb.jar"), lyingJar("META-INF/services/capa.api.Procedure",
                "lab.Probe\n".getBytes(StandardCharsets.UTF_8), 2_000_000_000L));
        zipBomb(rig.modules.resolve("zip-bomb.jar"));
        try (RandomAccessFile sparse = new RandomAccessFile(rig.modules.resolve("sparse-2g.jar").toFile(), "rw")) {
            sparse.setLength(2L << 30);
        }
        sparseZip(rig.modules.resolve("hole-300m.jar"), 300L << 20);
        byte[] manifest = ("Manifest-Version: 1.0\r\nAutomatic-Module-Name: lab.lying\r\n"
                + "X-Padding: " + "p".repeat(400) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        Files.write(rig.modules.resolve("lying-manifest.jar"), lyingJar("META-INF/MANIFEST.MF", manifest, 60));

        Capa.Result list = rig.call("plugins", "list").env(SMALL_HEAP).run();
        assertEquals(0, list.exitCode(), list::toString);
        List<String> lines = list.outLines();
        for (String id : List.of("capa.builtin.free_run", Rig.HOLD, Rig.RAMP)) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(id + " ")), id + " listed\n" + list);
        }
        List<String> rejected = lines.subList(lines.indexOf("Rejected:") + 1, lines.size());
        assertEquals(5, rejected.size(), list::toString);
        assertLine(rejected, "  hole-300m.jar: too large to hold in memory: the entries to keep of 300.0 MB, more"
                + " than a quarter of the heap (64.0 MB); a larger heap (CAPA_JAVA_OPTS=-Xmx…) reads it");
        assertLine(rejected, "  lying-manifest.jar: not a valid JAR (corrupt: 'META-INF/MANIFEST.MF' inflates to"
                + " more than its declared 60 bytes)");
        assertLine(rejected, "  sparse-2g.jar: too large: 2048.0 MB, more than the 1 GB capa reads of a plugin JAR");
        assertTrue(rejected.stream().anyMatch(l -> l.matches("  tiny-bomb\\.jar: not a valid JAR \\(entry"
                + " 'META-INF/services/capa\\.api\\.Procedure' declares 2000000000 bytes from \\d+ compressed:"
                + " a zip bomb's ratio \\(capa reads at most 100:1 above 1 MB\\)\\)")), list::toString);
        assertTrue(rejected.stream().anyMatch(l -> l.matches("  zip-bomb\\.jar: not a valid JAR \\(entry"
                + " 'lab/Bomb\\.class' declares 67108864 bytes from \\d+ compressed: a zip bomb's ratio .*")),
                list::toString);
        assertNoStackTrace(list);

        Capa.Result run = rig.call("run", "--procedure", "capa.builtin.free_run", "--set", "duration_s=0")
                .env(SMALL_HEAP).run();
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("free_run.started"), run::toString);
        assertNoStackTrace(run);
    }

    private static void assertLine(List<String> lines, String expected) {
        assertTrue(lines.contains(expected), () -> "missing: " + expected + "\nin: " + String.join("\n", lines));
    }

    private static void assertNoStackTrace(Capa.Result result) {
        for (String text : List.of(result.out(), result.err())) {
            assertFalse(text.contains("\tat ") || text.contains("Exception") || text.contains("Error:")
                    || text.contains("internal error"), result::toString);
        }
    }
}
