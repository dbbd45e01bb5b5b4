package capa.runner;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
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

    private ParameterSchema() {
    }

    /** The parameters of {@code type}, in component order, nested records expanded after their own line. */
    public static List<Parameter> describe(Class<? extends Record> type) {
        List<Parameter> parameters = new ArrayList<>();
        collect(type, "", parameters, 0);
        return parameters;
    }

    /**
     * The parameters as aligned lines: name, type, requirement.
     */
    public static List<String> lines(Class<? extends Record> type) {
        List<Parameter> parameters = describe(type);
        if (parameters.isEmpty()) {
            return List.of("(no parameters)");
        }
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
            Type generic = component.getGenericType();
            String name = prefix + component.getName();
            out.add(new Parameter(name, typeName(generic), requirement(generic)));
            // Depth bound: a record that contains itself (through a list) must not loop.
            Class<?> nested = elementRecord(generic);
            if (nested != null && depth < 4) {
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
