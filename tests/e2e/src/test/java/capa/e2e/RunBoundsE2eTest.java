package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configurations whose shape multiplies or nests without bound: bounded output, one-line refusals. */
class RunBoundsE2eTest {

    @TempDir
    static Path shared;

    /** {@code Config(N root, float f)} where {@code N} has 250 components of type {@code N}. */
    static Path modules;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildPlugin() throws IOException {
        String components = IntStream.range(0, 250).mapToObj(i -> "N c" + i).collect(Collectors.joining(", "));
        Path built = Files.createDirectories(shared.resolve("built"));
        TestPlugins.procedure(built, "wide", "1.0.0", "N root, float f", """
                return CompletableFuture.completedFuture(null);""", "public record N(" + components + ") {}");
        modules = built;
    }

    private Capa.Result capa(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--modules", modules.toString()));
        return Capa.capa(all.toArray(String[]::new)).in(dir)
                .env(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString(), "HOME", dir.toString())).run();
    }

    @Test
    void describeOfARecordThatMultipliesAtEveryLevelListsTheBoundAndSaysHowManyMore() {
        for (Capa.Result describe : List.of(capa("describe", "lab.wide.proc"),
                capa("run", "--procedure", "lab.wide.proc", "--describe"))) {
            assertEquals(0, describe.exitCode(), describe::toString);
            List<String> lines = describe.out().lines().toList();
            assertTrue(lines.size() < 520, describe::toString);
            assertTrue(lines.getLast().matches("  \\.\\.\\. and \\d+ more parameters not listed \\(capa lists at most 500\\)"),
                    lines::getLast);
            assertEquals("", describe.err());
        }
    }

    @Test
    void runBindingOfThatRecordStopsAtTheProblemBoundAndAFloatOutOfRangeIsRefused() {
        Capa.Result wide = capa("run", "--procedure", "lab.wide.proc", "--set", "root={c0={c1={}}}", "--set", "f=1");
        assertEquals(2, wide.exitCode(), wide::toString);
        assertTrue(wide.err().lines().count() < 110, wide::toString);
        assertTrue(wide.err().strip().endsWith("... binding stopped after 100 problems"), wide::toString);

        Capa.Result tooBig = capa("run", "--procedure", "lab.wide.proc", "--set", "f=3.5e38");
        assertEquals(2, tooBig.exitCode(), tooBig::toString);
        assertTrue(tooBig.err().contains("f: expected a number from -3.4028235E38 to 3.4028235E38, got '3.5e38'"),
                tooBig::toString);
        assertFalse(tooBig.err().contains("\tat "), tooBig::toString);
        assertFalse(Files.exists(dir.resolve("runs")));
    }

    @Test
    void runFilesNestedBeyondTheLimitAreRefusedWithTheirLine() throws IOException {
        String deep = String.join(".", Collections.nCopies(10_000, "a"));
        Map<String, String> files = Map.of(
                "headers.toml", "[config." + deep + "]\n",
                "dotted.toml", "[config]\n" + deep + " = 1\n",
                "arrays.toml", "[config]\nv = " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
        for (var file : files.entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), "procedure = \"capa.builtin.free_run\"\n" + file.getValue());
            Capa.Result run = capa("run", file.getKey());
            int line = file.getKey().equals("headers.toml") ? 2 : 3;
            assertEquals(2, run.exitCode(), run::toString);
            assertEquals("capa: " + file.getKey() + ":" + line + ": config: tables or arrays nested more than 64"
                    + " levels deep; capa reads no deeper", run.err().strip(), run::toString);
        }
    }
}
