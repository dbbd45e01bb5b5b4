package capa.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFileTest {

    @Test
    void readsTheProcedureAndItsConfigurationInFileOrder(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("run.toml"), """
                procedure = "capa.builtin.recipe_runner"

                [[config.steps]]
                procedure = "capa.builtin.free_run"
                config = { duration_s = 0 }
                """);
        RunFile run = RunFile.read(file);
        assertEquals("capa.builtin.recipe_runner", run.procedure());
        assertEquals(Map.of("steps", List.of(Map.of("procedure", "capa.builtin.free_run",
                "config", Map.of("duration_s", 0L)))), run.config());
    }

    @Test
    void aMisspeltTableIsAnErrorNotAnEmptyConfiguration(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("run.toml"), "procedure = \"a.b\"\n[confg]\nx = 1\n");
        var e = assertThrows(ConfigurationException.class, () -> RunFile.read(file));
        assertTrue(e.getMessage().contains("unknown top-level key 'confg'"), e.getMessage());
    }

    @Test
    void invalidTomlIsReportedWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("run.toml"), "procedure = \"a.b\"\n[config\n");
        var e = assertThrows(ConfigurationException.class, () -> RunFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ":2:"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        var e = assertThrows(ConfigurationException.class, () -> RunFile.read(dir.resolve("nope.toml")));
        assertEquals(dir.resolve("nope.toml") + ": no such run configuration file", e.getMessage());
    }
}
