package capa.base;

import java.util.Objects;

/**
 * A procedure's id: a lowercase dotted name of at least two parts, such as
 * {@code capa.contrib.hold_setpoint}. Ids come from plugin JARs and lock files, so they are
 * validated before capa uses them as keys or prints them.
 *
 * @param value the id text, always well-formed
 */
public record PluginId(String value) implements Comparable<PluginId> {

    /** Ids under this prefix belong to capa's own builtin procedures. */
    public static final String RESERVED_PREFIX = "capa.builtin.";

    public PluginId {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("malformed plugin id '" + TerminalText.escape(value)
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

    /**
     * Whether {@code text} is at most 255 characters of lowercase dotted names, each a letter
     * followed by letters, digits or underscores, at least two of them. (Checked by hand rather
     * than with a regular expression: every id of every plugin and lock entry passes here.)
     */
    public static boolean isWellFormed(String text) {
        if (text == null || text.isEmpty() || text.length() > 255) {
            return false;
        }
        int parts = 0;
        boolean partStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (partStart) {
                if (c < 'a' || c > 'z') {
                    return false;
                }
                partStart = false;
                parts++;
            } else if (c == '.') {
                partStart = true;
            } else if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return !partStart && parts >= 2;
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
