package capa.plugins.lock;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** The convention of {@code bytes}; {@link #PLAIN} line breaks when it has none. */
    static TextConvention of(byte[] bytes) {
        boolean bom = startsWithBom(bytes);
        for (int i = bom ? BOM.length : 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return new TextConvention(bom, i > 0 && bytes[i - 1] == '\r' ? "\r\n" : "\n");
            }
        }
        return new TextConvention(bom, "\n");
    }

    /** Whether {@code bytes} starts with the UTF-8 byte-order mark. */
    static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= BOM.length && Arrays.equals(bytes, 0, BOM.length, BOM, 0, BOM.length);
    }

    /** Where the text starts: past the byte-order mark, if any. */
    static int contentStart(byte[] bytes) {
        return startsWithBom(bytes) ? BOM.length : 0;
    }

    /**
     * A name for a UTF-16 or UTF-32 byte-order mark at the start of {@code bytes} (an editor's
     * "Unicode" encoding), or {@code null}: such a file is not UTF-8, and saying so beats
     * reporting its first zero byte.
     */
    static String foreignByteOrderMark(byte[] bytes) {
        if (bytes.length >= 4 && bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE && bytes[2] == 0 && bytes[3] == 0) {
            return "UTF-32LE";
        }
        if (bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == (byte) 0xFE && bytes[3] == (byte) 0xFF) {
            return "UTF-32BE";
        }
        if (bytes.length >= 2 && bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE) {
            return "UTF-16LE";
        }
        if (bytes.length >= 2 && bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF) {
            return "UTF-16BE";
        }
        return null;
    }

    /** {@code text} (which holds no byte-order mark) as the file's bytes, with the mark if it had one. */
    byte[] encode(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (!byteOrderMark) {
            return body;
        }
        byte[] out = new byte[BOM.length + body.length];
        System.arraycopy(BOM, 0, out, 0, BOM.length);
        System.arraycopy(body, 0, out, BOM.length, body.length);
        return out;
    }
}
