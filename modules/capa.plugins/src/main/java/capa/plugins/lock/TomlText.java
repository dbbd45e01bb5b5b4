package capa.plugins.lock;

/**
 * The few pieces of TOML text capa writes, and a scanner that finds where the last value of a
 * region ends, so that edits can keep every other byte.
 */
final class TomlText {

    private TomlText() {
    }

    /** {@code value} as a TOML basic string, escaped so any TOML 1.0 parser reads it back. */
    static String basicString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /**
     * The offset just past the last character of {@code text[from, to)} that is TOML content,
     * that is, not whitespace and not a comment. Strings are lexed so that a {@code #} or a
     * blank line inside a (multi-line) string counts as content. Returns {@code from} when the
     * region holds only whitespace and comments. The region must start outside any string.
     */
    static int endOfContent(String text, int from, int to) {
        int end = from;
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '#') {
                while (i < to && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'') {
                i = endOfString(text, i, to);
                end = i;
            } else {
                if (!Character.isWhitespace(c)) {
                    end = i + 1;
                }
                i++;
            }
        }
        return end;
    }

    /** The offset just past the string literal that starts at {@code start}. */
    private static int endOfString(String text, int start, int to) {
        char quote = text.charAt(start);
        boolean multiLine = text.startsWith(String.valueOf(quote).repeat(3), start);
        boolean escapes = quote == '"';
        int i = start + (multiLine ? 3 : 1);
        while (i < to) {
            char c = text.charAt(i);
            if (escapes && c == '\\') {
                i += 2;
            } else if (c == quote && !multiLine) {
                return i + 1;
            } else if (c == quote && text.startsWith(String.valueOf(quote).repeat(3), i)) {
                int close = i + 3;
                // A multi-line string may end with one or two quotes of its own before the delimiter.
                while (close < to && close < i + 5 && text.charAt(close) == quote) {
                    close++;
                }
                return close;
            } else {
                i++;
            }
        }
        return to;
    }
}
