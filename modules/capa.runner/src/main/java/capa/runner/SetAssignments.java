package capa.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code --set key=value} arguments into a configuration table. A dotted key sets a
 * value in a nested table ({@code --set inner.duration_s=5}); the value's type is decided when
 * it is bound (see {@link SetValue}).
 */
public final class SetAssignments {

    private SetAssignments() {
    }

    /**
     * Parses the assignments, in order; a later one for the same key wins.
     *
     * @throws ConfigurationException naming every malformed assignment
     */
    public static Map<String, Object> parse(List<String> assignments) throws ConfigurationException {
        Map<String, Object> root = new LinkedHashMap<>();
        List<String> problems = new java.util.ArrayList<>();
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            String key = equals < 0 ? assignment : assignment.substring(0, equals).strip();
            if (equals < 0) {
                problems.add("--set " + assignment + ": expected key=value");
                continue;
            }
            String[] parts = key.split("\\.", -1);
            if (key.isEmpty() || List.of(parts).contains("")) {
                problems.add("--set " + assignment + ": expected key=value with a key such as hold_s or inner.hold_s");
                continue;
            }
            if (parts.length > TomlValues.MAX_NESTING) {
                problems.add("--set " + parts[0] + "." + parts[1] + "...: a key of " + parts.length
                        + " parts nests more than " + TomlValues.MAX_NESTING + " levels deep; capa reads no deeper");
                continue;
            }
            String problem = put(root, parts, new SetValue(assignment.substring(equals + 1)));
            if (problem != null) {
                problems.add(key + ": " + problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static String put(Map<String, Object> root, String[] parts, SetValue value) {
        Map<String, Object> table = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object existing = table.get(parts[i]);
            if (existing == null) {
                Map<String, Object> nested = new LinkedHashMap<>();
                table.put(parts[i], nested);
                table = nested;
            } else if (existing instanceof Map<?, ?> nested) {
                table = (Map<String, Object>) nested;
            } else {
                return "'" + parts[i] + "' is set to a value and cannot also hold keys";
            }
        }
        if (table.get(parts[parts.length - 1]) instanceof Map<?, ?>) {
            return "already holds keys set with --set " + String.join(".", parts) + ".<key>=...";
        }
        table.put(parts[parts.length - 1], value);
        return null;
    }
}
