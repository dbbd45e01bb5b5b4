package capa.plugins.lock;

import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for text that flows from a plugin JAR into {@code plugins.lock} and its journal
 * (module name, version, entry point): discovery refuses a JAR whose values break it, and the
 * lock and journal writers accept every value that keeps it, so a value {@code plugins list}
 * shows can always be trusted and revoked.
 *
 * <p>A value is one line of visible text: not empty, not {@code -} (the journal's "none"), no
 * control, format (bidirectional, zero-width, byte-order mark), line- or paragraph-separator
 * character, no lone surrogate, no white space other than the plain space and none at either
 * end. Spaces inside are fine: the journal separates its fields by tabs and the lock quotes
 * its strings, and the JDK itself derives {@code 2.0 (1)} from {@code x-2.0 (1).jar}.
 */
public final class LockValue {

    private LockValue() {
    }

    /**
     * Why {@code value} cannot be recorded, as a phrase that follows the value in a message
     * ({@code "holds a tab (U+0009)"}), or empty when it can.
     */
    public static Optional<String> problem(String value) {
        if (value.isEmpty()) {
            return Optional.of("is empty");
        }
        if (value.equals(JournalLine.NONE)) {
            return Optional.of("is '-', which the journal reserves for \"none\"");
        }
        if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
            return Optional.of("begins or ends with a space");
        }
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            String kind = kind(c);
            if (kind != null) {
                // Locale.ROOT: ASCII digits on a rig whose locale writes others.
                return Optional.of(String.format(Locale.ROOT, "holds %s (U+%04X) at character %d",
                        kind, c, i + 1));
            }
            i += Character.charCount(c);
        }
        return Optional.empty();
    }

    private static String kind(int c) {
        if (c == '\t') {
            return "a tab";
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL -> "a control character";
            case Character.FORMAT -> "an invisible formatting character";
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "a line separator";
            case Character.SURROGATE -> "a lone surrogate";
            default -> c != ' ' && Character.isWhitespace(c) ? "white space other than a space" : null;
        };
    }
}
