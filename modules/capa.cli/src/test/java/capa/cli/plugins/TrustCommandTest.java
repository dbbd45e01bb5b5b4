package capa.cli.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.cli.Main;
import capa.testkit.PluginJar;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustCommandTest {

    @TempDir
    Path dir;
    Path modules;
    Path lock;

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() throws IOException {
        modules = Files.createDirectories(dir.resolve("modules"));
        lock = dir.resolve("plugins.lock");
        plugin("capa.contrib", "capa.contrib.my_procedure", "MyProcedure", "0.3.1");
    }

    private void plugin(String module, String id, String className, String version) {
        String source = """
                package %s;
                import capa.api.*;
                import java.util.List;
                import java.util.concurrent.*;
                @ProcedureInfo(id = "%s", name = "A procedure")
                public final class %s implements Procedure<%s.Config> {
                    public record Config(double x) {}
                    public CompletionStage<List<Problem>> preflight(ProcedureContext c, Config k) {
                        return CompletableFuture.completedFuture(List.of());
                    }
                    public CompletionStage<Void> run(ProcedureContext c, Config k) {
                        return CompletableFuture.completedFuture(null);
                    }
                }
                """.formatted(module, id, className, className);
        PluginJar.builder()
                .moduleInfo("module %s { requires capa.api; provides capa.api.Procedure with %s.%s; }"
                        .formatted(module, module, className))
                .source(module.replace('.', '/') + "/" + className + ".java", source)
                .moduleVersion(version)
                .writeTo(modules.resolve(module + ".jar"));
    }

    private Result capa(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    private Result trust(String id, String reason) {
        return capa("plugins", "trust", id, "--reason", reason, "--plugins-lock", lock.toString(),
                "--modules", modules.toString());
    }

    @Test
    void trustWritesTheEntryAndPrintsWhereItWent() throws IOException {
        Result result = trust("capa.contrib.my_procedure", "approved by GB, ticket OPS-1284");
        assertEquals(0, result.exit(), result.err());
        List<String> lines = result.out().lines().toList();
        assertTrue(Pattern.matches("trusted: capa\\.contrib\\.my_procedure 0\\.3\\.1 \\(sha256:[0-9a-f]{22}\u2026\\)",
                lines.get(0)), lines.get(0));
        assertEquals("  lock:    " + lock, lines.get(1));
        assertEquals("  journal: " + lock + ".journal", lines.get(2));
        String text = Files.readString(lock);
        assertTrue(text.contains("id = \"capa.contrib.my_procedure\"\npackage = \"capa.contrib\"\n"
                + "version = \"0.3.1\"\nentry_point = \"capa.contrib/capa.contrib.MyProcedure\"\n"), text);
        String journal = Files.readString(Path.of(lock + ".journal"));
        assertTrue(Pattern.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00\ttrust\tcapa\\.contrib\\.my_procedure"
                + "\t0\\.3\\.1\tsha256:[0-9a-f]{64}\tapproved by GB, ticket OPS-1284\n", journal), journal);
    }

    @Test
    void builtinsCanBeTrusted() {
        Result result = trust("capa.builtin.free_run", "ships with capa");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().startsWith("trusted: capa.builtin.free_run "), result.out());
    }

    @Test
    void unknownIdIsRefusedListingTheAvailableIds() {
        Result result = trust("capa.contrib.nope", "ok");
        assertEquals(2, result.exit());
        assertTrue(result.err().contains("no plugin with id 'capa.contrib.nope'"), result.err());
        assertTrue(result.err().contains("capa.contrib.my_procedure"), result.err());
        assertTrue(result.err().contains("capa.builtin.free_run"), result.err());
        assertFalse(Files.exists(lock));
    }

    @Test
    void badReasonIsRefusedBeforeAnythingIsWritten() {
        assertEquals(2, trust("capa.contrib.my_procedure", "  ").exit());
        assertEquals(2, trust("capa.contrib.my_procedure", "a\tb").exit());
        assertEquals(2, capa("plugins", "trust", "capa.contrib.my_procedure",
                "--plugins-lock", lock.toString(), "--modules", modules.toString()).exit());
        assertFalse(Files.exists(lock));
        assertFalse(Files.exists(Path.of(lock + ".journal")));
    }

    @Test
    void unusableLockIsRefusedWithPathLineAndColumnAndKept() throws IOException {
        Files.writeString(lock, "version = 2\n");
        Result result = trust("capa.contrib.my_procedure", "ok");
        assertEquals(2, result.exit());
        assertTrue(result.err().contains(lock + ":1:1: schema version 2"), result.err());
        assertEquals("version = 2\n", Files.readString(lock));
    }

    @Test
    void pluginClaimingAnIdTwiceCannotBeTrusted() {
        plugin("capa.other", "capa.contrib.my_procedure", "Copy", "1.0");
        Result result = trust("capa.contrib.my_procedure", "ok");
        assertEquals(2, result.exit(), result.out());
        assertTrue(result.err().contains("it was rejected"), result.err());
        assertFalse(Files.exists(lock));
    }

    @Test
    void helpShowsTheReferencePageLayout() {
        Result result = capa("plugins", "trust", "--help");
        assertEquals(0, result.exit());
        assertTrue(result.out().startsWith("""
                Usage: capa plugins trust [OPTIONS] PLUGIN_ID

                  Add (or refresh) a discovered plugin in ``plugins.lock``.

                Arguments:
                  PLUGIN_ID  Plugin id to add to plugins.lock  [required]

                Options:
                  --plugins-lock  PATH  Path to plugins.lock; default ./plugins.lock
                  --reason        TEXT  Audit text recorded alongside the trust grant. Required.
                """), result.out());
    }
}
