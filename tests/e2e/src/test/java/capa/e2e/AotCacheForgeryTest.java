package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.testkit.Crc32Forge;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's AOT cache holds no class a plugin layer can define: a plugin class forged to the
 * name, length and CRC32 of an example plugin's class (which an earlier cache held) runs as
 * forged, in dev and under trust in production, never as the cached original.
 */
class AotCacheForgeryTest {

    private static final String CLASS = "capa/contrib/HoldSetpoint.class";
    /** The string-concatenation recipe of HoldSetpoint's "holding ... C for ... s" log line. */
    private static final String RECIPE = "holding \u0001 C for \u0001 s";

    @TempDir
    Path dir;

    @Test
    void theCacheListsNoClassOfAPluginLayer() {
        // with the module options bin/capa starts with, without which the JVM refuses the cache
        Capa.Result listing = new Capa.Call(Capa.image().resolve("bin/java"),
                "-XX:AOTCache=" + Capa.image().resolve("lib/capa.aot"), "--add-modules", "ALL-SYSTEM",
                "-XX:+PrintSharedArchiveAndExit", "-m", "capa.cli/capa.cli.Main").run();
        assertTrue(listing.out().contains("\narchive is valid"), listing::toString);
        List<String> classes = listing.out().lines().filter(l -> l.matches(" *[0-9]+: \\S+ \\S+")).toList();
        assertTrue(classes.size() > 1000, listing::toString);
        assertEquals(List.of(), classes.stream()
                .filter(l -> !l.matches(".* (boot|platform|app)_loader")).toList());
    }

    @Test
    void aClassForgedToTheNameLengthAndCrcOfAnExamplePluginsClassRunsAsForged() throws IOException {
        Rig rig = new Rig(dir);
        Path jar = rig.modules.resolve("capa-contrib-0.3.1.jar");
        byte[] original;
        try (JarFile in = new JarFile(jar.toFile())) {
            original = in.getInputStream(in.getJarEntry(CLASS)).readAllBytes();
        }
        byte[] forged = forge(original);
        assertEquals(original.length, forged.length);
        assertEquals(Crc32Forge.crc32(original), Crc32Forge.crc32(forged));
        assertFalse(Arrays.equals(original, forged));
        replaceEntry(jar, CLASS, forged);

        String[] run = {"run", "--procedure", Rig.HOLD, "--set", "setpoint_c=37", "--set", "hold_s=0"};
        Capa.Result dev = rig.capa(run);
        assertEquals(0, dev.exitCode(), dev::toString);
        assertTrue((dev.out() + dev.err()).contains("FORGED "), dev::toString);
        assertFalse((dev.out() + dev.err()).contains("holding "), dev::toString);

        rig.trust(Rig.HOLD);
        Capa.Result production = rig.call(run).env(Map.of("CAPA_PLUGIN_MODE", "production",
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString(), "HOME", dir.toString())).run();
        assertEquals(0, production.exitCode(), production::toString);
        assertTrue((production.out() + production.err()).contains("FORGED "), production::toString);
    }

    /**
     * The class file with its log recipe rewritten, same length, to {@code "FORGED " + four
     * bytes + the two arguments + six letters}; the four bytes restore the CRC32, and the
     * letters are varied until those four are printable ASCII (valid in a class file's text).
     */
    private static byte[] forge(byte[] original) {
        byte[] recipe = utf8Entry(RECIPE);
        int at = indexOf(original, recipe);
        assertTrue(at > 0, "HoldSetpoint.class has no recipe " + RECIPE);
        int text = at + 3;
        int crc = Crc32Forge.crc32(original);
        for (int variant = 0; variant < 26 * 26 * 26 * 26 * 26 * 26; variant++) {
            StringBuilder letters = new StringBuilder();
            for (int v = variant, i = 0; i < 6; i++, v /= 26) {
                letters.append((char) ('a' + v % 26));
            }
            byte[] replacement = ("FORGED ____\u0001\u0001" + letters).getBytes(StandardCharsets.US_ASCII);
            assertEquals(recipe.length - 3, replacement.length);
            byte[] forged = original.clone();
            System.arraycopy(replacement, 0, forged, text, replacement.length);
            Crc32Forge.force(forged, text + 7, crc);
            boolean printable = true;
            for (int i = text + 7; i < text + 11; i++) {
                printable &= forged[i] >= 0x20 && forged[i] < 0x7F;
            }
            if (printable) {
                return forged;
            }
        }
        throw new AssertionError("no variant gave printable CRC bytes");
    }

    private static byte[] utf8Entry(String text) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(1);
            out.writeUTF(text);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static void replaceEntry(Path jar, String name, byte[] bytes) throws IOException {
        Path copy = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (var in = new java.util.jar.JarInputStream(Files.newInputStream(jar));
             var out = new JarOutputStream(Files.newOutputStream(copy), in.getManifest())) {
            for (var entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                out.putNextEntry(new JarEntry(entry.getName()));
                if (entry.getName().equals(name)) {
                    out.write(bytes);
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Files.move(copy, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
