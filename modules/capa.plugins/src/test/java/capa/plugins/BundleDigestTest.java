package capa.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import capa.testkit.BundleDigests;
import capa.testkit.Seed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle's digest is what {@code cd BUNDLE && sha256sum *.jar | LC_ALL=C sort -k2 | sha256sum}
 * prints: the shell pipeline itself is the oracle, over generated bundles with odd file names.
 */
class BundleDigestTest {

    /** Names the pipeline and capa must agree on: spaces, non-ASCII, code points above U+FFFF, case, punctuation. */
    static final List<String> NAMES = List.of("a.jar", "Z.jar", "z.jar", "a b.jar", "a  b .jar", "é.jar",
            "e\u0301.jar", "日本語.jar", "😀.jar", "ｚ.jar", "~.jar", "a-1.0.jar", "a_1.0.jar", "a.1.0.jar",
            "lab-util-1.0.jar", "lab-util-1.0.0.jar", "$x.jar", "'q'.jar", "\"dq\".jar", "[x].jar", "a*.jar");

    @TempDir
    Path work;

    static String digest(Path bundle) throws Exception {
        List<String> names = new ArrayList<>();
        List<byte[]> digests = new ArrayList<>();
        for (Path jar : PluginBundle.list(bundle).jars()) {
            names.add(jar.getFileName().toString());
            digests.add(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        }
        return PluginBundle.digest(names, digests).toString();
    }

    @Test
    void theDigestIsTheSha256sumPipelineForAnyMixOfNamesAndContents() throws Exception {
        Random random = new Random(Seed.of("theDigestIsTheSha256sumPipelineForAnyMixOfNamesAndContents"));
        for (int i = 0; i < 60; i++) {
            Path bundle = Files.createDirectories(work.resolve("b" + i));
            int count = 1 + random.nextInt(6);
            for (int j = 0; j < count; j++) {
                byte[] content = new byte[random.nextInt(3) == 0 ? 0 : random.nextInt(5000)];
                random.nextBytes(content);
                Files.write(bundle.resolve(NAMES.get(random.nextInt(NAMES.size()))), content);
            }
            // Not JARs of the bundle: neither the shell's *.jar nor capa reads them.
            Files.writeString(bundle.resolve(".hidden.jar"), "x");
            Files.writeString(bundle.resolve("notes.txt"), "x");
            assertEquals(BundleDigests.sha256sumPipeline(bundle), digest(bundle), "bundle " + i);
        }
    }

    @Test
    void aBundleOfOneJarIsStillDigestedAsABundle() throws Exception {
        Path bundle = Files.createDirectories(work.resolve("one"));
        Files.writeString(bundle.resolve("only.jar"), "bytes");
        String single = "sha256:" + java.util.HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest("bytes".getBytes()));
        assertEquals(BundleDigests.sha256sumPipeline(bundle), digest(bundle));
        assertNotEquals(single, digest(bundle));
    }

    @Test
    void upperCaseJarNamesAreTheBundlesJarsAsWithNocaseglob() throws Exception {
        Path bundle = Files.createDirectories(work.resolve("upper"));
        Files.writeString(bundle.resolve("LAB-UTIL.JAR"), "u");
        Files.writeString(bundle.resolve("lab.jar"), "l");
        Process process = new ProcessBuilder("bash", "-O", "nocaseglob", "-c",
                "sha256sum *.jar | LC_ALL=C sort -k2 | sha256sum").directory(bundle.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor());
        assertEquals("sha256:" + out.substring(0, 64), digest(bundle));
    }

    @Test
    void everyNameSha256sumWouldEscapeIsRefused() throws Exception {
        for (char c = 1; c < 0x80; c++) {
            if (c == '/') {
                continue; // no file name holds it
            }
            String name = "lab" + c + "x.jar";
            Path bundle = Files.createDirectories(work.resolve("c" + (int) c));
            Files.writeString(bundle.resolve(name), "x");
            Process process = new ProcessBuilder("bash", "-c", "sha256sum *.jar").directory(bundle.toFile()).start();
            boolean escaped = process.getInputStream().readAllBytes()[0] == '\\';
            assertEquals(0, process.waitFor());
            String problem = PluginBundle.nameProblem(name);
            if (escaped) {
                assertNotNull(problem, "sha256sum escapes U+" + Integer.toHexString(c) + ", capa must refuse it");
            } else if (c >= 0x20 && c != 0x7f) {
                assertNull(problem, "U+" + Integer.toHexString(c) + " is an ordinary character of a name");
            }
        }
        Path bundle = Files.createDirectories(work.resolve("escaped"));
        Files.writeString(bundle.resolve("a\nb.jar"), "x");
        PluginBundle.RejectedException e = assertThrows(PluginBundle.RejectedException.class,
                () -> PluginBundle.list(bundle));
        assertEquals(Rejection.Kind.INVALID_BUNDLE, e.rejection().kind());
        assertEquals("escaped/a\nb.jar", e.rejection().subject());
    }
}
