package capa.plugins.jar;

/**
 * Text read from a JAR (entry names, annotation values) made safe for a one-line message: it
 * comes from untrusted bytes and may hold line breaks or terminal control sequences.
 */
public final class JarText {

    private JarText() {
    }

    /** The first {@code limit} code points of {@code text}, each control character as {@code \\uXXXX}. */
    public static String printable(String text, int limit) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(limit).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
