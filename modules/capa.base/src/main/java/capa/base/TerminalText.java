package capa.base;

/**
 * The one escaper for text that did not come from capa itself (file and directory names,
 * module names and versions, services lines, annotation values, lock and journal values,
 * run-file values) on its way to a terminal. Such text can hold escape sequences that move the
 * cursor, erase lines or set the window title, line breaks that print fake lines, and
 * bidirectional or zero-width characters that make it read as something it is not.
 *
 * <p>A code point is <em>hidden</em>, and shown escaped, when its Unicode general category is
 * one of: control (Cc: C0, DEL and C1), format (Cf: among them the bidirectional controls
 * U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069, the zero-width characters
 * U+200B–U+200D and U+2060, U+FEFF, U+00AD and the tag characters), line or paragraph
 * separator (Zl, Zp: U+2028, U+2029), or a lone surrogate (Cs). Everything else, accents, CJK
 * and emoji included, is shown as it is.
 *
 * <p>The escaped form is Java's and JSON's: {@code \t}, {@code \n} and {@code \r} for those
 * three, <code>&#92;u</code> and four lowercase hex digits for every other UTF-16 unit of a
 * hidden code point. It is plain ASCII, and a backslash is not itself escaped, so escaping is
 * idempotent: text escaped once where a message is built and again where it is printed reads
 * the same as text escaped once. The price is that a literal <code>&#92;u001b</code> in a name
 * reads like an escaped ESC; {@code --json} output, which escapes backslashes, tells them apart.
 */
public final class TerminalText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TerminalText() {
    }

    /** Whether {@code codePoint} is shown escaped (see the class description). */
    public static boolean isHidden(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR, Character.SURROGATE -> true;
            default -> false;
        };
    }

    /** {@code text} with every hidden code point escaped; {@code "null"} for {@code null}. */
    public static String escape(String text) {
        String value = String.valueOf(text);
        if (value.codePoints().noneMatch(TerminalText::isHidden)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        value.codePoints().forEach(c -> append(out, c));
        return out.toString();
    }

    /** Appends {@code codePoint} to {@code out}, escaped when it is hidden. */
    public static void append(StringBuilder out, int codePoint) {
        if (!isHidden(codePoint)) {
            out.appendCodePoint(codePoint);
            return;
        }
        switch (codePoint) {
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            default -> {
                for (char unit : Character.toChars(codePoint)) {
                    out.append("\\u").append(HEX[unit >> 12 & 0xf]).append(HEX[unit >> 8 & 0xf])
                            .append(HEX[unit >> 4 & 0xf]).append(HEX[unit & 0xf]);
                }
            }
        }
    }

    /** How many columns {@code escaped} takes, counting one per code point, for padding tables. */
    public static int width(String escaped) {
        return escaped.codePointCount(0, escaped.length());
    }
}
