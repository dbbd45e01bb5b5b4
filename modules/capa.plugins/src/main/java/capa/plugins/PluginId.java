package capa.plugins;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A procedure's id: a lowercase dotted name of at least two parts, such as
 * {@code capa.contrib.hold_setpoint}. Ids come from plugin JARs and lock files, so they are
 * validated before capa uses them as keys or prints them.
 *
 * @param value the id text, always well-formed
 */
public record PluginId(String value) implements Comparable<PluginId> {

    private static final Pattern FORM = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

    /** Ids under this prefix belong to capa's own builtin procedures. */
    public static final String RESERVED_PREFIX = "capa.builtin.";

    public PluginId {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("malformed plugin id '" + value
                    + "': expected lowercase dotted names such as capa.contrib.my_procedure");
        }
    }

    /**
     * Parses an id, throwing {@link IllegalArgumentException} with an operator-readable message
     * when it is malformed.
     */
    public static PluginId parse(String text) {
        return new PluginId(text);
    }

    public static boolean isWellFormed(String text) {
        return text != null && text.length() <= 255 && FORM.matcher(text).matches();
    }

    /** Whether this id is under {@value #RESERVED_PREFIX}. */
    public boolean isReserved() {
        return value.startsWith(RESERVED_PREFIX);
    }

    // equals and hashCode are written out because a record's generated ones are linked at their
    // first call through method handles the JVM spins at run time, which the image's AOT cache
    // cannot hold; a PluginId is a map key from the first plugin of every command on.
    @Override
    public boolean equals(Object other) {
        return other instanceof PluginId id && value.equals(id.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(PluginId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
