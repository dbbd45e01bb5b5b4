package capa.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
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

    @Test
    void bytesThatAreNotUtf8AreNamedByLineColumnAndOffsetNeverReadAsReplacementCharacters(@TempDir Path dir)
            throws Exception {
        byte[] bytes = "procedure = \"a.b\"\n[config]\nname = \"caf\u00e9\"\n".getBytes(StandardCharsets.UTF_8);
        int at = bytes.length - 4;
        for (byte bad : new byte[] {(byte) 0x80, (byte) 0xC0, (byte) 0xED, (byte) 0xFF}) {
            byte[] mutated = bytes.clone();
            mutated[at] = bad;
            Path file = Files.write(dir.resolve("run.toml"), mutated);
            var e = assertThrows(ConfigurationException.class, () -> RunFile.read(file));
            assertEquals(file + ":3:12: not UTF-8 text (byte at offset " + at + "); a run file must be UTF-8",
                    e.getMessage());
        }
    }

    @Test
    void aUtf8ByteOrderMarkIsAcceptedAndAUtf16FileIsRefusedByName(@TempDir Path dir) throws Exception {
        String text = "\ufeffprocedure = \"capa.builtin.free_run\"\n";
        Path withMark = Files.writeString(dir.resolve("notepad.toml"), text, StandardCharsets.UTF_8);
        assertEquals("capa.builtin.free_run", RunFile.read(withMark).procedure());
        Path utf16 = Files.writeString(dir.resolve("unicode.toml"), text, StandardCharsets.UTF_16LE);
        var e = assertThrows(ConfigurationException.class, () -> RunFile.read(utf16));
        assertEquals(utf16 + ":1:1: the file starts with a UTF-16LE byte-order mark; a run file must be UTF-8"
                + " text: save it as UTF-8 (with or without a byte-order mark)", e.getMessage());
    }

    @Test
    void aDirectoryOrAFileLargerThanTheBoundCannotBeReadAndSaysWhy(@TempDir Path dir) throws Exception {
        Path directory = Files.createDirectory(dir.resolve("run.toml"));
        var e = assertThrows(ConfigurationException.class, () -> RunFile.read(directory));
        assertEquals(directory + ": cannot read: is a directory, not a file", e.getMessage());
        Path large = dir.resolve("large.toml");
        try (RandomAccessFile sparse = new RandomAccessFile(large.toFile(), "rw")) {
            sparse.setLength(RunFile.MAX_BYTES + 1);
        }
        e = assertThrows(ConfigurationException.class, () -> RunFile.read(large));
        assertEquals(large + ": cannot read: " + (RunFile.MAX_BYTES + 1) + " bytes, larger than the 4 MiB capa"
                + " reads of a run file; is this the right file?", e.getMessage());
    }
}
