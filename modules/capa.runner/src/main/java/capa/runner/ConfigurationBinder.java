package capa.runner;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds a configuration table to a procedure's configuration record through the record's
 * canonical constructor, by component name.
 *
 * <p>What binds to what (see {@code docs/run.md}): integers to {@code int}/{@code long}
 * (range-checked), any number to {@code double}/{@code float}, booleans, strings, durations
 * (a number of seconds or ISO-8601 text such as {@code PT5M}), enum constants by name,
 * {@code List<T>}, {@code Map<String, T>}, nested records (from tables) and {@code Object}
 * (any value as it is). A boxed component ({@code Integer}, {@code Double}, {@code Boolean},
 * ...) is optional and null when absent; an absent list or map is empty; every other component
 * is required. Every problem is collected before anything is constructed, so the operator sees
 * all of them at once.
 *
 * <p>The record's constructor is the only plugin code this runs; callers bind only under
 * {@code capa run}, after gating.
 */
public final class ConfigurationBinder {

    private static final Set<Class<?>> BOXED = Set.of(Integer.class, Long.class, Double.class,
            Float.class, Boolean.class);

    private ConfigurationBinder() {
    }

    /**
     * Binds {@code values} to {@code type}.
     *
     * @throws ConfigurationException naming each key that is missing, unknown or of the wrong
     *     type, or the record's own refusal of the values
     */
    public static <C extends Record> BoundConfiguration<C> bind(Class<C> type, Map<String, ?> values)
            throws ConfigurationException {
        List<String> problems = new Problems();
        Converted converted;
        try {
            converted = bindRecord(type, values, "", problems);
        } catch (TooManyProblems e) {
            List<String> listed = new ArrayList<>(problems);
            listed.add("... binding stopped after " + MAX_PROBLEMS + " problems");
            throw new ConfigurationException(listed);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> canonical = (Map<String, Object>) converted.canonical();
        return new BoundConfiguration<>(type.cast(converted.value()), canonical);
    }

    /**
     * The most problems one binding collects. A table's every missing required component is a
     * problem, so a run file of many tables for a record of many components would otherwise
     * collect (and print) their product; binding stops at the limit.
     */
    static final int MAX_PROBLEMS = 100;

    /** The problems found so far; adding one past {@link #MAX_PROBLEMS} stops the binding. */
    private static final class Problems extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean add(String problem) {
            if (size() >= MAX_PROBLEMS) {
                throw new TooManyProblems();
            }
            return super.add(problem);
        }
    }

    private static final class TooManyProblems extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyProblems() {
            super(null, null, false, false);
        }
    }

    /** A bound value and the form the manifest records. */
    private record Converted(Object value, Object canonical) {
        static final Converted NONE = new Converted(null, null);
    }

    private static Converted bindRecord(Class<?> type, Map<String, ?> values, String prefix,
                                        List<String> problems) {
        int before = problems.size();
        RecordComponent[] components = type.getRecordComponents();
        Set<String> names = Arrays.stream(components).map(RecordComponent::getName)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        for (String key : values.keySet()) {
            if (!names.contains(key)) {
                problems.add(prefix + key + ": unknown key; the parameters are "
                        + (names.isEmpty() ? "none" : String.join(", ", names)));
            }
        }
        Object[] arguments = new Object[components.length];
        Map<String, Object> canonical = new LinkedHashMap<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String path = prefix + component.getName();
            Converted c = values.containsKey(component.getName())
                    && values.get(component.getName()) != null
                    ? convert(component.getGenericType(), values.get(component.getName()), path, problems)
                    : absent(component.getGenericType(), path, problems);
            arguments[i] = c.value();
            canonical.put(component.getName(), c.canonical());
        }
        if (problems.size() > before) {
            return Converted.NONE;
        }
        Class<?>[] parameterTypes = Arrays.stream(components).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        String where = prefix.isEmpty() ? "the configuration" : prefix.substring(0, prefix.length() - 1);
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            return new Converted(constructor.newInstance(arguments), canonical);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            problems.add(where + ": rejected by " + type.getSimpleName() + ": "
                    + (cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage()));
        } catch (IllegalAccessException e) {
            problems.add(where + ": capa cannot construct " + type.getName() + ": its module "
                    + type.getModule().getName() + " must export package " + type.getPackageName()
                    + " (" + e.getMessage() + ")");
        } catch (ReflectiveOperationException e) {
            problems.add(where + ": capa cannot construct " + type.getName() + ": " + e);
        }
        return Converted.NONE;
    }

    private static Converted absent(Type type, String path, List<String> problems) {
        Class<?> raw = rawClass(type);
        if (BOXED.contains(raw)) {
            return Converted.NONE;
        }
        if (raw == List.class) {
            return new Converted(List.of(), List.of());
        }
        if (raw == Map.class) {
            return new Converted(Map.of(), Map.of());
        }
        problems.add(path + ": missing required value (" + ParameterSchema.typeName(type) + ")");
        return Converted.NONE;
    }

    private static Converted convert(Type type, Object value, String path, List<String> problems) {
        Class<?> raw = rawClass(type);
        if (raw == null) {
            problems.add(path + ": capa cannot bind a parameter of type " + type.getTypeName());
            return Converted.NONE;
        }
        try {
            return convertChecked(type, raw, value, path, problems);
        } catch (WrongType wrong) {
            problems.add(path + ": expected " + wrong.expected + ", got " + describe(value));
            return Converted.NONE;
        }
    }

    private static Converted convertChecked(Type type, Class<?> raw, Object value, String path,
                                            List<String> problems) throws WrongType {
        if (raw == int.class || raw == Integer.class) {
            long n = integer(value, "an integer");
            if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                throw new WrongType("an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
            }
            return same((int) n);
        }
        if (raw == long.class || raw == Long.class) {
            return same(integer(value, "an integer"));
        }
        if (raw == double.class || raw == Double.class) {
            return same(number(value));
        }
        if (raw == float.class || raw == Float.class) {
            double n = number(value);
            // A double beyond float's range would become Infinity without a word.
            if (Double.isFinite(n) && Math.abs(n) > Float.MAX_VALUE) {
                throw new WrongType("a number from " + -Float.MAX_VALUE + " to " + Float.MAX_VALUE);
            }
            return same((float) n);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return same(bool(value));
        }
        if (raw == String.class) {
            return switch (value) {
                case String s -> same(s);
                case SetValue(String text) -> same(text);
                default -> throw new WrongType("a string");
            };
        }
        if (raw == Duration.class) {
            Duration duration = duration(value);
            return new Converted(duration, duration.toString());
        }
        if (raw.isEnum()) {
            return enumConstant(raw, value);
        }
        if (raw.isRecord()) {
            Map<String, ?> table = table(value, "a table of " + raw.getSimpleName() + "'s parameters");
            return bindRecord(raw, table, path + ".", problems);
        }
        if (raw == List.class) {
            List<?> list = list(value);
            Type element = typeArgument(type, 0);
            List<Object> values = new ArrayList<>();
            List<Object> canonical = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Converted c = convert(element, list.get(i), path + "[" + i + "]", problems);
                values.add(c.value());
                canonical.add(c.canonical());
            }
            return new Converted(Collections.unmodifiableList(values), canonical);
        }
        if (raw == Map.class) {
            if (rawClass(typeArgument(type, 0)) != String.class) {
                throw new WrongType("nothing: capa binds only maps with String keys, not "
                        + type.getTypeName());
            }
            Map<String, ?> table = table(value, "a table");
            Type element = typeArgument(type, 1);
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, Object> canonical = new LinkedHashMap<>();
            table.forEach((key, v) -> {
                Converted c = v == null ? Converted.NONE : convert(element, v, path + "." + key, problems);
                values.put(key, c.value());
                canonical.put(key, c.canonical());
            });
            return new Converted(Collections.unmodifiableMap(values), canonical);
        }
        if (raw == Object.class) {
            Object natural = natural(value);
            return new Converted(natural, natural);
        }
        throw new WrongType("nothing: capa cannot bind a parameter of type " + type.getTypeName());
    }

    /** A value for an {@code Object} component or map value: command-line text read as TOML. */
    private static Object natural(Object value) {
        return switch (value) {
            case SetValue(String text) -> TomlValues.naturalValue(text);
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), natural(v)));
                yield Collections.unmodifiableMap(copy);
            }
            case List<?> list -> list.stream().map(ConfigurationBinder::natural).toList();
            default -> value;
        };
    }

    private static Converted same(Object value) {
        return new Converted(value, value);
    }

    private static long integer(Object value, String expected) throws WrongType {
        return switch (value) {
            case Long n -> n;
            case Integer n -> n;
            case Short n -> n;
            case Byte n -> n;
            case SetValue(String text) -> {
                try {
                    yield Long.parseLong(text.strip().replace("_", ""));
                } catch (NumberFormatException e) {
                    throw new WrongType(expected);
                }
            }
            default -> throw new WrongType(expected);
        };
    }

    private static double number(Object value) throws WrongType {
        return switch (value) {
            case Number n -> n.doubleValue();
            case SetValue(String text) -> {
                try {
                    yield Double.parseDouble(text.strip().replace("_", ""));
                } catch (NumberFormatException e) {
                    throw new WrongType("a number");
                }
            }
            default -> throw new WrongType("a number");
        };
    }

    private static boolean bool(Object value) throws WrongType {
        return switch (value) {
            case Boolean b -> b;
            case SetValue(String text) when text.strip().equals("true") -> true;
            case SetValue(String text) when text.strip().equals("false") -> false;
            default -> throw new WrongType("true or false");
        };
    }

    private static Duration duration(Object value) throws WrongType {
        String expected = "a duration: seconds (such as 90 or 1.5) or ISO-8601 text (such as PT5M)";
        Object v = value instanceof SetValue(String text) ? TomlValues.naturalValue(text.strip()) : value;
        try {
            return switch (v) {
                case Long n -> Duration.ofSeconds(n);
                case Integer n -> Duration.ofSeconds(n);
                case Double d when Double.isFinite(d) && Math.abs(d) < 9.2e9 ->
                        Duration.ofNanos(Math.round(d * 1e9));
                case String s -> Duration.parse(s.strip());
                default -> throw new WrongType(expected);
            };
        } catch (DateTimeParseException e) {
            throw new WrongType(expected);
        }
    }

    private static Converted enumConstant(Class<?> raw, Object value) throws WrongType {
        Object[] constants = raw.getEnumConstants();
        String expected = "one of " + Arrays.stream(constants).map(c -> ((Enum<?>) c).name())
                .collect(Collectors.joining(", "));
        String text = switch (value) {
            case String s -> s;
            case SetValue(String t) -> t.strip();
            default -> throw new WrongType(expected);
        };
        for (Object constant : constants) {
            if (((Enum<?>) constant).name().equals(text)) {
                return new Converted(constant, text);
            }
        }
        // Operators type lower case; accept it when it names exactly one constant.
        List<Object> ignoringCase = Arrays.stream(constants)
                .filter(c -> ((Enum<?>) c).name().equalsIgnoreCase(text)).toList();
        if (ignoringCase.size() == 1) {
            return new Converted(ignoringCase.getFirst(), ((Enum<?>) ignoringCase.getFirst()).name());
        }
        throw new WrongType(expected);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> table(Object value, String expected) throws WrongType {
        Object v = value instanceof SetValue(String text) ? TomlValues.naturalValue(text) : value;
        if (v instanceof Map<?, ?> map) {
            return (Map<String, ?>) map;
        }
        throw new WrongType(expected);
    }

    private static List<?> list(Object value) throws WrongType {
        Object v = value instanceof SetValue(String text) ? TomlValues.naturalValue(text) : value;
        if (v instanceof List<?> list) {
            return list;
        }
        throw new WrongType("an array");
    }

    static Class<?> rawClass(Type type) {
        return switch (type) {
            case Class<?> c -> c;
            case ParameterizedType p -> rawClass(p.getRawType());
            case WildcardType w -> w.getLowerBounds().length == 0 ? rawClass(w.getUpperBounds()[0]) : null;
            default -> null;
        };
    }

    static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }

    static String describe(Object value) {
        return switch (value) {
            case String s -> "a string (\"" + s + "\")";
            case SetValue(String text) -> "'" + text + "'";
            case Long n -> "an integer (" + n + ")";
            case Integer n -> "an integer (" + n + ")";
            case Number n -> "a number (" + n + ")";
            case Boolean b -> "a boolean (" + b + ")";
            case Map<?, ?> _ -> "a table";
            case List<?> _ -> "an array";
            default -> "a " + value.getClass().getSimpleName() + " (" + value + ")";
        };
    }

    /** A value of the wrong type for its component; {@code expected} says what fits. */
    private static final class WrongType extends Exception {
        private static final long serialVersionUID = 1L;
        final String expected;

        WrongType(String expected) {
            super(expected, null, false, false);
            this.expected = expected;
        }
    }
}
