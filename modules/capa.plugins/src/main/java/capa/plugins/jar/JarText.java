package capa.plugins.jar;

import capa.base.TerminalText;

/**
 * Text read from a JAR (entry names, annotation values) shortened for a one-line message and
 * escaped by {@link TerminalText}: it comes from untrusted bytes, may be very long and may hold
 * line breaks or terminal control sequences.
 */
public final class JarText {

    private JarText() {
    }

    /** The first {@code limit} code points of {@code text}, escaped by {@link TerminalText#escape}. */
    public static String printable(String text, int limit) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(limit).forEach(c -> TerminalText.append(out, c));
        return out.toString();
    }

    /** {@link #printable}, ending in {@code …} when code points were cut off. */
    public static String shortened(String text, int limit) {
        String shown = printable(text, limit);
        return text.codePointCount(0, text.length()) > limit ? shown + "…" : shown;
    }
}
