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

    static Map<String, Object> plain(TomlTable table) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String key : table.keySet()) {
            map.put(key, plain(table.get(List.of(key))));
        }
        return map;
    }

    static Object plain(Object value) {
        return switch (value) {
            case TomlTable table -> plain(table);
            case TomlArray array -> {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < array.size(); i++) {
                    list.add(plain(array.get(i)));
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
        return plain(parsed.get(List.of("v")));
    }
}
