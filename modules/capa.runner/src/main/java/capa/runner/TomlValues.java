package capa.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Plain Java values from TOML: tables become maps (in file order), arrays lists, and scalars
 * stay what tomlj gives (String, Long, Double, Boolean, date-times).
 */
final class TomlValues {

    private TomlValues() {
    }

    /**
     * The most levels of tables and arrays a value holds. Deeper values are refused: nothing
     * capa binds nests this deep, and copying or binding them would recurse once per level.
     */
    static final int MAX_NESTING = 64;

    /** A value nested deeper than {@link #MAX_NESTING}; {@code keys} lead to where it starts. */
    static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient List<String> keys;

        TooDeep(List<String> keys) {
            super(null, null, false, false);
            this.keys = List.copyOf(keys);
        }
    }

    /**
     * {@code table} as a map.
     *
     * @throws TooDeep when it nests more than {@link #MAX_NESTING} levels
     */
    static Map<String, Object> plain(TomlTable table) {
        return plain(table, new ArrayList<>(), 0);
    }

    private static Map<String, Object> plain(TomlTable table, List<String> keys, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String key : table.keySet()) {
            keys.add(key);
            map.put(key, plain(table.get(List.of(key)), keys, depth + 1));
            keys.removeLast();
        }
        return map;
    }

    private static Object plain(Object value, List<String> keys, int depth) {
        if (depth > MAX_NESTING && (value instanceof TomlTable || value instanceof TomlArray)) {
            throw new TooDeep(keys);
        }
        return switch (value) {
            case TomlTable table -> plain(table, keys, depth);
            case TomlArray array -> {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < array.size(); i++) {
                    list.add(plain(array.get(i), keys, depth + 1));
                }
                yield list;
            }
            default -> value;
        };
    }

    /**
     * Reads command-line text as a TOML value when it is one ({@code 5}, {@code true},
     * {@code [1, 2]}, {@code {a = 1}}), otherwise as the text itself.
     */
    static Object naturalValue(String text) {
        TomlParseResult parsed;
        try {
            parsed = Toml.parse("v = " + text);
        } catch (StackOverflowError e) {
            // Nested too deeply for tomlj's recursive parser to be a value anyone meant.
            return text;
        }
        if (parsed.hasErrors() || parsed.keySet().size() != 1 || !parsed.contains("v")) {
            return text;
        }
        try {
            return plain(parsed.get(List.of("v")), new ArrayList<>(), 0);
        } catch (TooDeep e) {
            return text;
        }
    }
}
