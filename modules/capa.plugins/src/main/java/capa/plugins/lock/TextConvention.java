package capa.plugins.lock;

import capa.base.io.Utf8Text;

/**
 * How a file of {@code plugins.lock} or its journal is laid out as bytes, so that a writer can
 * keep what an editor or git left: whether it starts with a UTF-8 byte-order mark (Notepad
 * writes one) and which line break it uses ({@code \r\n} after a checkout with
 * {@code core.autocrlf}, else {@code \n}).
 *
 * <p>Readers accept either line break on any line, mixed or not, and a leading byte-order mark.
 * Writers use the convention of the file's <em>first</em> line break for every line they add,
 * and keep a byte-order mark that was there; they never rewrite the breaks already in a file.
 * A carriage return that does not end a line is content, never a line break.
 *
 * @param byteOrderMark whether the file starts with the UTF-8 byte-order mark {@code EF BB BF}
 * @param lineBreak {@code "\n"} or {@code "\r\n"}
 */
record TextConvention(boolean byteOrderMark, String lineBreak) {

    /** A new file: no byte-order mark, bare line feeds. */
    static final TextConvention PLAIN = new TextConvention(false, "\n");

    /** The convention of {@code bytes}; {@link #PLAIN} line breaks when it has none. */
    static TextConvention of(byte[] bytes) {
        boolean bom = Utf8Text.startsWithByteOrderMark(bytes);
        for (int i = Utf8Text.contentStart(bytes); i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return new TextConvention(bom, i > 0 && bytes[i - 1] == '\r' ? "\r\n" : "\n");
            }
        }
        return new TextConvention(bom, "\n");
    }

    /** {@code text} (which holds no byte-order mark) as the file's bytes, with the mark if it had one. */
    byte[] encode(String text) {
        return Utf8Text.encode(text, byteOrderMark);
    }
}
