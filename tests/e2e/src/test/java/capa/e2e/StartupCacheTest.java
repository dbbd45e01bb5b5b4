package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's AOT cache (lib/capa.aot): bin/capa starts from it wherever the image is, and a
 * cache the JVM cannot use costs only speed, never a word of capa's output.
 */
class StartupCacheTest {

    private static final Map<String, String> LOG_CLASS_LOADING = Map.of("CAPA_JAVA_OPTS", "-Xlog:class+load");

    @Test
    void capaAndPicocliClassesComeFromTheCache() {
        Capa.Result result = Capa.capa("--version").env(LOG_CLASS_LOADING).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertAll(
                () -> assertTrue(result.out().contains("capa.cli.Main source: shared objects file"), result::toString),
                () -> assertTrue(result.out().contains("picocli.CommandLine source: shared objects file"),
                        result::toString));
    }

    @Test
    void theBootLayerWithTheWholePlatformComesFromTheCache() {
        // bin/capa resolves every module of the image into the boot layer; the JVM takes that
        // module graph from the cache only if the training resolved it with the same options.
        Capa.Result result = Capa.capa("--version").env(Map.of("CAPA_JAVA_OPTS", "-Xlog:aot")).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("full module graph: enabled"), result::toString);
    }

    @Test
    void aCopiedImageStartedThroughASymlinkStillUsesItsCache(@TempDir Path dir) throws Exception {
        Path copy = copyOfTheImage(dir);
        Path link = dir.resolve("capa");
        Files.createSymbolicLink(link, copy.resolve("bin/capa"));
        Capa.withoutTheImage(() -> {
            Capa.Result result = new Capa.Call(link, "--version").env(LOG_CLASS_LOADING).run();
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.out().contains("capa.cli.Main source: shared objects file"), result::toString);
        });
    }

    @Test
    void aDamagedCacheCostsOnlySpeed(@TempDir Path dir) throws Exception {
        Path copy = copyOfTheImage(dir);
        try (FileChannel cache = FileChannel.open(copy.resolve("lib/capa.aot"), StandardOpenOption.WRITE)) {
            cache.truncate(4096);
        }
        Capa.withoutTheImage(() -> {
            assertCleanVersion(new Capa.Call(copy.resolve("bin/capa"), "--version").run());
            assertCacheNotUsed(new Capa.Call(copy.resolve("bin/capa"), "--version").env(LOG_CLASS_LOADING).run());
        });
    }

    @Test
    void aMissingCacheCostsOnlySpeed(@TempDir Path dir) throws Exception {
        Path copy = copyOfTheImage(dir);
        Files.delete(copy.resolve("lib/capa.aot"));
        Capa.withoutTheImage(() -> {
            assertCleanVersion(new Capa.Call(copy.resolve("bin/capa"), "--version").run());
            assertCacheNotUsed(new Capa.Call(copy.resolve("bin/capa"), "--version").env(LOG_CLASS_LOADING).run());
        });
    }

    @Test
    void jvmOptionsTheCacheWasNotMadeForCostOnlySpeed() {
        // Without compressed oops the JVM refuses this cache, as it would one from another build.
        assertCleanVersion(Capa.capa("--version").env(Map.of("CAPA_JAVA_OPTS", "-XX:-UseCompressedOops")).run());
        assertCacheNotUsed(Capa.capa("--version")
                .env(Map.of("CAPA_JAVA_OPTS", "-XX:-UseCompressedOops -Xlog:class+load")).run());
    }

    @Test
    void optionsThatChooseAnArchiveThemselvesReplaceTheCacheInsteadOfStoppingTheJvm() {
        // The JVM refuses -Xshare:off beside -XX:AOTCache and would not start at all.
        for (String options : List.of("-Xshare:off", "-Xshare:auto", "-XX:AOTMode=off")) {
            assertCleanVersion(Capa.capa("--version").env(Map.of("CAPA_JAVA_OPTS", options)).run());
        }
        assertCacheNotUsed(Capa.capa("--version").env(Map.of("CAPA_JAVA_OPTS", "-Xshare:off -Xlog:class+load")).run());
    }

    /** The control: the run under test really did start without the cache. */
    private static void assertCacheNotUsed(Capa.Result logged) {
        assertEquals(0, logged.exitCode(), logged::toString);
        assertTrue(logged.out().contains("capa.cli.Main source: "), logged::toString);
        assertFalse(logged.out().contains("source: shared objects file"), logged::toString);
    }

    private static void assertCleanVersion(Capa.Result result) {
        List<String> lines = result.outLines();
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertEquals(3, lines.size(), result::toString),
                () -> assertEquals("capa 0.1.0", lines.getFirst(), result::toString),
                () -> assertEquals("", result.err(), result::toString));
    }

    private static Path copyOfTheImage(Path dir) throws IOException, InterruptedException {
        Path copy = dir.resolve("copied image");
        Capa.Result cp = new Capa.Call(Path.of("/bin/cp"), "-R", Capa.image().toString(), copy.toString()).run();
        assertEquals(0, cp.exitCode(), cp::toString);
        return copy;
    }
}
