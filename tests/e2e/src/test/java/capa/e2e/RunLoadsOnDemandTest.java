package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capa run} reads in full only the JARs of the procedures it resolves: the others are
 * peeked at for their ids, never loaded, and the run record names what was used. The gate
 * stays exact: duplicate ids, changed JARs and untrusted procedures are refused as before.
 */
class RunLoadsOnDemandTest {

    private static final List<String> BUILTINS =
            List.of("capa.builtin.free_run", "capa.builtin.recipe_runner", "capa.builtin.batch");

    @TempDir
    static Path shared;

    static Path quick;
    static Path other;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildPlugins() {
        Path built = shared.resolve("built");
        quick = TestPlugins.quick(built, "quick", "2.1.0");
        other = TestPlugins.quick(built, "other", "1.0.0");
    }

    private Capa.Call capa(Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--modules", dir.resolve("modules").toString()));
        return Capa.capa(all.toArray(String[]::new)).in(dir).env(environment);
    }

    private Map<String, String> dev() {
        return Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
    }

    private Map<String, String> production() {
        return Map.of("CAPA_PLUGIN_MODE", "production", "XDG_CONFIG_HOME", dir.resolve("xdg").toString());
    }

    private static List<String> loadedIds(Manifest manifest) {
        int size = Integer.parseInt(manifest.get("plugins.loaded.size"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ids.add(manifest.get("plugins.loaded." + i + ".id"));
        }
        return ids;
    }

    private static List<String> builtinsAnd(String... ids) {
        List<String> all = new ArrayList<>(BUILTINS);
        all.addAll(List.of(ids));
        return all;
    }

    @Test
    void aRunRecordsOnlyThePluginsItUsedWhileBrokenAndUnrelatedJarsLieBeside() throws IOException {
        Path modules = TestPlugins.modules(dir.resolve("modules"), quick, other);
        Files.writeString(modules.resolve("garbage-1.0.jar"), "not a zip at all");
        Capa.Result result = capa(dev(), "run", "--procedure", "lab.quick.proc").run();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(builtinsAnd("lab.quick.proc"), loadedIds(Manifest.topLevel(dir.resolve("runs"))));
    }

    @Test
    void aBatchLoadsItsInnerProcedureWhenItRunsAndItsRecordSaysSo() throws IOException {
        TestPlugins.modules(dir.resolve("modules"), quick, other);
        Files.writeString(dir.resolve("batch.toml"), """
                procedure = "capa.builtin.batch"

                [config]
                inner = "lab.other.proc"
                iterations = 2
                """);
        Capa.Result result = capa(dev(), "run", "batch.toml").run();
        assertEquals(0, result.exitCode(), result::toString);
        Manifest batch = Manifest.topLevel(dir.resolve("runs"));
        assertAll(
                () -> assertEquals("succeeded", batch.status()),
                () -> assertEquals("2", batch.get("child_runs.size")),
                () -> assertEquals(builtinsAnd("lab.other.proc"), loadedIds(batch)));
    }

    @Test
    void anIdThatTwoJarsClaimIsRefusedOnBothAsPluginsListRefusesIt() throws IOException {
        Path modules = TestPlugins.modules(dir.resolve("modules"), quick);
        Files.copy(quick, modules.resolve("quick-copy-2.1.0.jar"));
        Capa.Result result = capa(dev(), "run", "--procedure", "lab.quick.proc").run();
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("lab.quick.proc: duplicate_id:"), result::toString);
        assertTrue(Files.notExists(dir.resolve("runs")), "a refused run left a record");
    }

    @Test
    void productionHashesTheUsedJarInFullAndRefusesItOnANearMissOfItsDigest() throws IOException {
        TestPlugins.modules(dir.resolve("modules"), quick, other);
        for (String id : List.of("lab.quick.proc", "lab.other.proc")) {
            Capa.Result trusted = capa(dev(), "plugins", "trust", id, "--reason", "test").run();
            assertEquals(0, trusted.exitCode(), trusted::toString);
        }
        Capa.Result trusted = capa(production(), "run", "--procedure", "lab.quick.proc").run();
        assertEquals(0, trusted.exitCode(), trusted::toString);
        Manifest run = Manifest.topLevel(dir.resolve("runs"));
        assertEquals(builtinsAnd("lab.quick.proc"), loadedIds(run));
        assertEquals("2", run.get("plugins.lock.entries.size"), "the record names every lock entry in force");

        Path lock = dir.resolve("plugins.lock");
        String digest = TestPlugins.sha256(quick).substring("sha256:".length());
        char last = digest.charAt(digest.length() - 1);
        String nearMiss = digest.substring(0, digest.length() - 1) + (last == '0' ? '1' : '0');
        Files.writeString(lock, Files.readString(lock).replace(digest, nearMiss));
        Capa.Result refused = capa(production(), "run", "--procedure", "lab.quick.proc").run();
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("lab.quick.proc: HASH_MISMATCH"), refused::toString);
        Capa.Result unaffected = capa(production(), "run", "--procedure", "lab.other.proc").run();
        assertEquals(0, unaffected.exitCode(), unaffected::toString);
    }
}
