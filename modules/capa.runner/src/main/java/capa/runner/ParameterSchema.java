package capa.runner;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A procedure's parameters as its configuration record declares them, for
 * {@code capa describe}. Reads the record's components (which loads the classes they name
 * but initialises none) and an enum's constants from its class file: no plugin code runs.
 */
public final class ParameterSchema {

    /**
     * One parameter.
     *
     * @param name its key, dotted for a nested record's parameters ({@code step.procedure})
     * @param type what it accepts, as an operator would write it
     * @param requirement {@code required}, or what absence means ({@code optional}, {@code optional (empty)})
     */
    public record Parameter(String name, String type, String requirement) {
    }

    /**
     * The most parameters listed. A record whose components are records of many components
     * each multiplies at every level (250 components nested five deep are 10^12 parameters):
     * the listing stops here and says how many it left out.
     */
    public static final int MAX_LISTED = 500;

    /** How deep nested records are expanded; a record that contains itself must not loop. */
    private static final int MAX_DEPTH = 4;

    private ParameterSchema() {
    }

    /**
     * The parameters of {@code type}, in component order, nested records expanded after their
     * own line; at most {@link #MAX_LISTED} of them.
     */
    public static List<Parameter> describe(Class<? extends Record> type) {
        List<Parameter> parameters = new ArrayList<>();
        collect(type, "", parameters, 0);
        return parameters;
    }

    /**
     * How many parameters {@code type} has when expanded as {@link #describe} does, listed or
     * not; saturates at {@link Long#MAX_VALUE}. Each record class is counted once per depth,
     * so this costs the number of distinct records, not the number of parameters.
     */
    public static long count(Class<? extends Record> type) {
        return count(type, 0, new HashMap<>());
    }

    private static long count(Class<?> type, int depth, Map<Class<?>, long[]> counted) {
        long[] byDepth = counted.computeIfAbsent(type, _ -> new long[MAX_DEPTH + 1]);
        if (byDepth[depth] > 0) {
            return byDepth[depth] == Long.MAX_VALUE ? Long.MAX_VALUE : byDepth[depth] - 1;
        }
        long total = 0;
        for (RecordComponent component : type.getRecordComponents()) {
            total = saturatedSum(total, 1);
            Class<?> nested = elementRecord(component.getGenericType());
            if (nested != null && depth < MAX_DEPTH) {
                total = saturatedSum(total, count(nested, depth + 1, counted));
            }
        }
        // Stored plus one so that zero means "not counted yet".
        byDepth[depth] = total == Long.MAX_VALUE ? total : total + 1;
        return total;
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * The parameters as aligned lines: name, type, requirement.
     */
    public static List<String> lines(Class<? extends Record> type) {
        List<Parameter> parameters = describe(type);
        if (parameters.isEmpty()) {
            return List.of("(no parameters)");
        }
        List<String> lines = new ArrayList<>(aligned(parameters));
        if (parameters.size() >= MAX_LISTED) {
            long total = count(type);
            if (total > parameters.size()) {
                lines.add("... and " + (total == Long.MAX_VALUE ? Long.MAX_VALUE + " or more" : total - parameters.size())
                        + " more parameters not listed (capa lists at most " + MAX_LISTED + ")");
            }
        }
        return lines;
    }

    private static List<String> aligned(List<Parameter> parameters) {
        int nameWidth = Math.max(20, parameters.stream().mapToInt(p -> p.name().length()).max().orElse(0));
        int typeWidth = Math.max(20, parameters.stream().mapToInt(p -> p.type().length()).max().orElse(0));
        return parameters.stream().map(p -> (padded(p.name(), nameWidth) + "  "
                + padded(p.type(), typeWidth) + "  " + p.requirement()).stripTrailing()).toList();
    }

    private static String padded(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static void collect(Class<?> type, String prefix, List<Parameter> out, int depth) {
        for (RecordComponent component : type.getRecordComponents()) {
            if (out.size() >= MAX_LISTED) {
                return;
            }
            Type generic = component.getGenericType();
            String name = prefix + component.getName();
            out.add(new Parameter(name, typeName(generic), requirement(generic)));
            Class<?> nested = elementRecord(generic);
            if (nested != null && depth < MAX_DEPTH) {
                String suffix = ConfigurationBinder.rawClass(generic) == List.class ? "[]." : ".";
                collect(nested, name + suffix, out, depth + 1);
            }
        }
    }

    private static Class<?> elementRecord(Type type) {
        Class<?> raw = ConfigurationBinder.rawClass(type);
        if (raw != null && raw.isRecord()) {
            return raw;
        }
        if (raw == List.class) {
            Class<?> element = ConfigurationBinder.rawClass(ConfigurationBinder.typeArgument(type, 0));
            return element != null && element.isRecord() ? element : null;
        }
        return null;
    }

    private static String requirement(Type type) {
        Class<?> raw = ConfigurationBinder.rawClass(type);
        if (raw == Integer.class || raw == Long.class || raw == Double.class || raw == Float.class
                || raw == Boolean.class) {
            return "optional";
        }
        if (raw == List.class || raw == Map.class) {
            return "optional (empty)";
        }
        return "required";
    }

    /** How an operator reads a component's type: {@code integer}, {@code number}, {@code list of table}... */
    static String typeName(Type type) {
        Class<?> raw = ConfigurationBinder.rawClass(type);
        if (raw == null) {
            return type.getTypeName();
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "integer";
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return "number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        if (raw == String.class) {
            return "string";
        }
        if (raw == Duration.class) {
            return "duration (seconds or ISO-8601)";
        }
        if (raw.isEnum()) {
            return String.join("|", EnumConstantNames.of(raw));
        }
        if (raw.isRecord()) {
            return "table (" + raw.getSimpleName() + ")";
        }
        if (raw == List.class) {
            return "list of " + typeName(ConfigurationBinder.typeArgument(type, 0));
        }
        if (raw == Map.class && type instanceof ParameterizedType) {
            return "table of " + typeName(ConfigurationBinder.typeArgument(type, 1));
        }
        if (raw == Map.class || raw == Object.class) {
            return raw == Map.class ? "table" : "any value";
        }
        return type.getTypeName();
    }
}
