package capa.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way TOML nests, at depths around and far beyond the limit: read, or refused in one positioned line. */
class RunFileNestingTest {

    private static final String HEAD = "procedure = \"capa.builtin.free_run\"\n";

    /** Shapes that nest about {@code n} levels below [config]. */
    private static final Map<String, IntFunction<String>> SHAPES = Map.of(
            "table header", n -> "[config." + dotted(n) + "]\nx = 1\n",
            "dotted key", n -> "[config]\n" + dotted(n) + " = 1\n",
            "arrays", n -> "[config]\nv = " + "[".repeat(n) + "]".repeat(n) + "\n",
            "inline tables", n -> "[config]\nv = " + "{a = ".repeat(n) + "1" + "}".repeat(n) + "\n",
            "header then dotted key", n -> "[config." + dotted(n / 4) + "]\n" + dotted(n - n / 4) + " = 1\n",
            "dotted key of arrays of inline tables", n -> "[config]\n" + dotted(n / 2) + " = "
                    + "[{a = ".repeat(n / 4) + "1" + "}]".repeat(n / 4) + "\n",
            "array of tables", n -> "[[config." + dotted(n) + "]]\nx = 1\n");

    private static String dotted(int n) {
        return String.join(".", Collections.nCopies(Math.max(1, n), "a"));
    }

    /** The first line by which the file has opened more tables, arrays and dotted keys than the limit. */
    private static int lineWhereNestingPassesTheLimit(String text) {
        List<String> lines = text.lines().toList();
        long marks = 0;
        for (int i = 1; i < lines.size(); i++) {
            marks += lines.get(i).chars().filter(c -> c == '.' || c == '[' || c == '{').count();
            if (marks > TomlValues.MAX_NESTING) {
                return i + 1;
            }
        }
        throw new AssertionError("not nested beyond the limit: " + text);
    }

    @Test
    void nestingWithinTheLimitIsReadAndBeyondItIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
        int limit = TomlValues.MAX_NESTING;
        for (var shape : SHAPES.entrySet()) {
            for (int depth : List.of(1, limit / 2, limit - 2, limit + 4, 2 * limit, 1_000, 10_000, 100_000)) {
                String text = HEAD + shape.getValue().apply(depth);
                Path file = Files.writeString(dir.resolve("run.toml"), text);
                String what = shape.getKey() + " at depth " + depth;
                if (depth <= limit - 2) {
                    RunFile run = RunFile.read(file);
                    assertEquals("capa.builtin.free_run", run.procedure(), what);
                    continue;
                }
                var e = assertThrows(ConfigurationException.class, () -> RunFile.read(file), what);
                assertEquals(1, e.problems().size(), what);
                String problem = e.problems().getFirst();
                int line = lineWhereNestingPassesTheLimit(text);
                assertTrue(problem.startsWith(file + ":" + line + ": config: "), what + ": " + problem);
                assertTrue(problem.contains("nested"), what + ": " + problem);
            }
        }
    }

    @Test
    void setKeysNestedBeyondTheLimitAreRefusedInOneLine() throws Exception {
        for (int depth : List.of(TomlValues.MAX_NESTING + 1, 1_000, 60_000)) {
            var e = assertThrows(ConfigurationException.class,
                    () -> SetAssignments.parse(List.of(dotted(depth) + "=1")), "depth " + depth);
            assertEquals(List.of("--set a.a...: a key of " + depth + " parts nests more than "
                    + TomlValues.MAX_NESTING + " levels deep; capa reads no deeper"), e.problems());
        }
        assertEquals(1, SetAssignments.parse(List.of(dotted(TomlValues.MAX_NESTING) + "=1")).size());
    }
}
