package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.testkit.PluginJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin files as operators really name them (a browser's second download, an upper-case
 * extension, a dangling symlink) through the image: every value list shows can be trusted,
 * verified and revoked, and nothing ends in an internal error.
 */
class JarFileNamesE2eTest {

    @TempDir
    Path dir;

    /** A plain JAR (an automatic module, named and versioned by its file name) providing {@code <pkg>.proc}. */
    private Path automatic(String pkg, String fileName) {
        return PluginJar.builder()
                .source(pkg.replace('.', '/') + "/Proc.java", """
                        package %1$s;
                        import capa.api.*;
                        import java.util.List;
                        import java.util.concurrent.*;
                        @ProcedureInfo(id = "%1$s.proc", name = "Downloaded twice")
                        public final class Proc implements Procedure<Proc.Config> {
                            public record Config() {}
                            public CompletionStage<List<Problem>> preflight(ProcedureContext c, Config k) {
                                return CompletableFuture.completedFuture(List.of());
                            }
                            public CompletionStage<Void> run(ProcedureContext c, Config k) {
                                return CompletableFuture.completedFuture(null);
                            }
                        }
                        """.formatted(pkg))
                .service(pkg + ".Proc")
                .writeTo(dir.resolve("modules").resolve(fileName));
    }

    /** {@code capa <args>} in the test's directory; with {@code --modules} unless it is {@code untrust}. */
    private Capa.Result capa(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("untrust")) {
            all.addAll(List.of("--modules", dir.resolve("modules").toString()));
        }
        return Capa.capa(all.toArray(String[]::new)).in(dir)
                .env(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
    }

    private static void assertNoCrash(Capa.Result result) {
        assertFalse(result.err().contains("internal error"), result::toString);
        assertFalse(result.out().contains("\tat ") || result.err().contains("\tat "), result::toString);
    }

    @Test
    void aSecondDownloadIsListedTrustedVerifiedAndRevokedWithTheVersionTheJdkDerives() throws IOException {
        Path jar = automatic("lab.x", "x-2.0 (1).jar");
        Capa.Result list = capa("plugins", "list");
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith("lab.x.proc ") && l.contains(" 2.0 (1) ")),
                list::toString);

        Capa.Result trust = capa("plugins", "trust", "lab.x.proc", "--reason", "second download, OPS-7");
        assertEquals(0, trust.exitCode(), trust::toString);
        assertTrue(trust.outLines().getFirst().startsWith("trusted: lab.x.proc 2.0 (1) ("), trust::toString);
        assertTrue(Files.readString(dir.resolve("plugins.lock")).contains("version = \"2.0 (1)\"\n"));
        assertEquals(List.of("lab.x.proc 2.0 (1) " + TestPlugins.sha256(jar)),
                TrustE2eTest.entriesByTomllib(dir.resolve("plugins.lock")));
        String[] fields = Files.readAllLines(dir.resolve("plugins.lock.journal")).getFirst().split("\t", -1);
        assertEquals(List.of("trust", "lab.x.proc", "2.0 (1)"), List.of(fields).subList(1, 4));

        Capa.Result verify = capa("plugins", "verify");
        assertEquals(0, verify.exitCode(), verify::toString);
        assertEquals(PluginsVerifyTest.PASSED, verify.outLines().getLast());

        Capa.Result untrust = capa("plugins", "untrust", "lab.x.proc", "--reason", "replaced, OPS-8");
        assertEquals(0, untrust.exitCode(), untrust::toString);
        assertTrue(untrust.outLines().getFirst().startsWith("untrusted: lab.x.proc 2.0 (1) ("), untrust::toString);
        assertEquals(2, Files.readAllLines(dir.resolve("plugins.lock.journal")).size());
    }

    @Test
    void anUpperCaseExtensionIsAPluginAndADanglingSymlinkIsNamed() throws IOException {
        automatic("lab.upper", "LAB-PROBE-2.0.JAR");
        Files.createSymbolicLink(dir.resolve("modules/lab-gone-1.0.jar"), dir.resolve("gone/lab-gone-1.0.jar"));
        Capa.Result list = capa("plugins", "list");
        assertEquals(0, list.exitCode(), list::toString);
        assertNoCrash(list);
        assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith("lab.upper.proc ") && l.contains("LAB.PROBE")
                && l.contains(" 2.0 ")), list::toString);
        assertTrue(list.outLines().contains("  lab-gone-1.0.jar: cannot be read: broken symbolic link"), list::toString);
    }

    @Test
    void aVersionTheLockCannotRecordIsRefusedAtDiscoveryAndAHandEditedOneCanStillBeRevoked() throws IOException {
        automatic("lab.esc", "lab-esc-1.0\u001b[2K.jar");
        Capa.Result list = capa("plugins", "list");
        assertEquals(0, list.exitCode(), list::toString);
        assertNoCrash(list);
        assertTrue(list.outLines().stream().anyMatch(l -> l.contains("from the file name holds a control character")
                && l.endsWith(": rename the file")), list::toString);
        Capa.Result trust = capa("plugins", "trust", "lab.esc.proc", "--reason", "try");
        assertEquals(2, trust.exitCode(), trust::toString);
        assertNoCrash(trust);
        assertFalse(Files.exists(dir.resolve("plugins.lock")));

        Files.writeString(dir.resolve("plugins.lock"), """
                version = 1

                [[plugins]]
                id = "lab.bidi.proc"
                package = "lab.bidi"
                version = "1.0\u202e0"
                entry_point = "lab.bidi/lab.bidi.Proc"
                distribution_hash = "sha256:%s"
                """.formatted("c3".repeat(32)));
        Capa.Result untrust = capa("plugins", "untrust", "lab.bidi.proc", "--reason", "hand edit, OPS-9");
        assertEquals(0, untrust.exitCode(), untrust::toString);
        assertNoCrash(untrust);
        String[] fields = Files.readAllLines(dir.resolve("plugins.lock.journal")).getFirst().split("\t", -1);
        assertEquals(List.of("revoke", "lab.bidi.proc", "-"), List.of(fields).subList(1, 4));
    }
}
