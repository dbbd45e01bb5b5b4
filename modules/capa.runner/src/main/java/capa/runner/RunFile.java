package capa.runner;

import capa.base.io.BoundedFile;
import capa.base.io.Utf8Text;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * A run configuration file, as {@code capa run CONFIG.toml} reads it:
 * <pre>
 * procedure = "capa.contrib.hold_setpoint"
 *
 * [config]
 * setpoint_c = 37.0
 * hold_s = 600
 * </pre>
 * Only these two top-level keys are allowed, so that a misspelt {@code [confg]} is an error
 * rather than an empty configuration.
 *
 * @param procedure the procedure id
 * @param config the configuration table (empty when the file has none)
 */
public record RunFile(String procedure, Map<String, Object> config) {

    private static final Set<String> KEYS = Set.of("procedure", "config");

    /** The most of a run file capa reads: a configuration, not a data set. */
    static final long MAX_BYTES = BoundedFile.RUN_FILE_MAX_BYTES;

    /**
     * Reads and checks a run file: a regular file of at most 4 MiB of UTF-8
     * text (a leading byte-order mark allowed) holding TOML.
     *
     * @throws ConfigurationException naming the file, and line and column where they are known
     */
    public static RunFile read(Path file) throws ConfigurationException {
        String text;
        try {
            text = Utf8Text.decode(BoundedFile.read(file, MAX_BYTES, "a run file"));
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(file + ": no such run configuration file");
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot read: " + BoundedFile.reason(e));
        } catch (Utf8Text.MalformedException e) {
            throw new ConfigurationException(file + ":" + e.line() + ":" + e.column() + ": "
                    + e.problem("a run file"));
        }
        TomlParseResult toml;
        try {
            toml = Toml.parse(text);
        } catch (StackOverflowError e) {
            // tomlj's parser recurses once per level of nested arrays and inline tables.
            throw new ConfigurationException(file + ":" + deepestLine(text) + ": config: tables or arrays nested"
                    + " more than " + TomlValues.MAX_NESTING + " levels deep; capa reads no deeper");
        }
        if (toml.hasErrors()) {
            throw new ConfigurationException(toml.errors().stream()
                    .map(error -> file + ":" + error.position().line() + ":" + error.position().column()
                            + ": " + error.getMessage())
                    .toList());
        }
        List<String> unknown = toml.keySet().stream().filter(k -> !KEYS.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new ConfigurationException(file + ": unknown top-level key"
                    + (unknown.size() == 1 ? " " : "s ") + unknown.stream().map(k -> "'" + k + "'")
                    .collect(Collectors.joining(", ")) + "; a run file has 'procedure' and a [config] table");
        }
        if (!toml.isString("procedure")) {
            throw new ConfigurationException(file + ": procedure: expected the procedure id as a string, "
                    + "such as procedure = \"capa.builtin.free_run\"");
        }
        Object config = toml.get("config");
        if (config != null && !(config instanceof TomlTable)) {
            throw new ConfigurationException(file + ": config: expected a [config] table");
        }
        try {
            return new RunFile(toml.getString("procedure"),
                    config == null ? Map.of() : TomlValues.plain((TomlTable) config));
        } catch (TomlValues.TooDeep e) {
            throw new ConfigurationException(file + ":" + line(toml, e.keys) + ": config: tables or arrays nested"
                    + " more than " + TomlValues.MAX_NESTING + " levels deep; capa reads no deeper");
        }
    }

    /**
     * Where a text that overflowed tomlj's parser nests: the first line with more brackets,
     * braces and dots than {@link TomlValues#MAX_NESTING}, or line 1.
     */
    private static int deepestLine(String text) {
        int line = 1;
        int marks = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                marks = 0;
            } else if ((c == '[' || c == '{' || c == '.') && ++marks > TomlValues.MAX_NESTING) {
                return line;
            }
        }
        return 1;
    }

    /** The line of the deepest of {@code keys} (under {@code [config]}) whose place tomlj knows. */
    private static int line(TomlParseResult toml, List<String> keys) {
        List<String> path = new ArrayList<>(List.of("config"));
        path.addAll(keys);
        for (int n = path.size(); n > 0; n--) {
            TomlPosition position = toml.inputPositionOf(path.subList(0, n));
            if (position != null) {
                return position.line();
            }
        }
        return 1;
    }
}
