package capa.base.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Strict UTF-8 decoding of the text files capa reads ({@code plugins.lock}, its journal, run
 * files): malformed bytes are an error that says where they are, never a silent U+FFFD. A
 * leading UTF-8 byte-order mark (Notepad writes one) is accepted and is not part of the text; a
 * UTF-16 or UTF-32 one (an editor's "Unicode" encoding) is refused by name, which beats
 * reporting the file's first zero byte.
 */
public final class Utf8Text {

    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Utf8Text() {
    }

    /**
     * Where in bytes decoding stopped, and why.
     *
     * <p>The message is {@code not UTF-8 text (byte at offset N)} for malformed bytes, or
     * {@code the file starts with a UTF-16LE byte-order mark} (likewise UTF-16BE, UTF-32LE,
     * UTF-32BE); {@link #problem} adds what the file must be.
     */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        private final long offset;
        private final int line;
        private final int column;
        private final boolean foreignByteOrderMark;

        MalformedException(String message, long offset, int line, int column, boolean foreignByteOrderMark) {
            super(message, null, false, false);
            this.offset = offset;
            this.line = line;
            this.column = column;
            this.foreignByteOrderMark = foreignByteOrderMark;
        }

        /** The offset of the first byte that is not UTF-8, from the file's first byte (mark included). */
        public long offset() {
            return offset;
        }

        /** The 1-based line of that byte, counting line feeds in the text decoded before it. */
        public int line() {
            return line;
        }

        /** The 1-based column of that byte, in characters (UTF-16 units) after the line's start. */
        public int column() {
            return column;
        }

        /**
         * The message with what to do: {@code not UTF-8 text (byte at offset 7); plugins.lock
         * must be UTF-8}, or for a foreign mark {@code ...; plugins.lock must be UTF-8 text:
         * save it as UTF-8 (with or without a byte-order mark)}.
         *
         * @param what the file, as the operator knows it: {@code plugins.lock}
         */
        public String problem(String what) {
            return getMessage() + "; " + what + (foreignByteOrderMark
                    ? " must be UTF-8 text: save it as UTF-8 (with or without a byte-order mark)"
                    : " must be UTF-8");
        }
    }

    /**
     * The text of {@code bytes}, without a leading UTF-8 byte-order mark.
     *
     * @throws MalformedException at the first byte that is not UTF-8, or at offset 0 for a
     *     UTF-16 or UTF-32 byte-order mark
     */
    public static String decode(byte[] bytes) throws MalformedException {
        Optional<String> foreign = foreignByteOrderMark(bytes);
        if (foreign.isPresent()) {
            throw new MalformedException("the file starts with a " + foreign.get() + " byte-order mark",
                    0, 1, 1, true);
        }
        return decode(bytes, contentStart(bytes), bytes.length);
    }

    /**
     * The text of {@code bytes[from..to)}, a part of a file such as one line, taken as it is: a
     * byte-order mark there is not skipped (it is one only at the start of a file).
     *
     * @throws MalformedException at the first byte that is not UTF-8; its offset counts from
     *     {@code bytes[0]}, its line and column from {@code bytes[from]}
     */
    public static String decode(byte[] bytes, int from, int to) throws MalformedException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CharBuffer out = CharBuffer.allocate(to - from);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            String before = out.flip().toString();
            int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
            int column = before.length() - (before.lastIndexOf('\n') + 1) + 1;
            throw new MalformedException("not UTF-8 text (byte at offset " + in.position() + ")",
                    in.position(), line, column, false);
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Whether {@code bytes} starts with the UTF-8 byte-order mark {@code EF BB BF}. */
    public static boolean startsWithByteOrderMark(byte[] bytes) {
        return bytes.length >= BYTE_ORDER_MARK.length
                && Arrays.equals(bytes, 0, BYTE_ORDER_MARK.length, BYTE_ORDER_MARK, 0, BYTE_ORDER_MARK.length);
    }

    /** Where the text starts: past the UTF-8 byte-order mark, if any. */
    public static int contentStart(byte[] bytes) {
        return startsWithByteOrderMark(bytes) ? BYTE_ORDER_MARK.length : 0;
    }

    /** {@code text} as UTF-8 bytes, after the byte-order mark when {@code byteOrderMark}. */
    public static byte[] encode(String text, boolean byteOrderMark) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (!byteOrderMark) {
            return body;
        }
        byte[] out = new byte[BYTE_ORDER_MARK.length + body.length];
        System.arraycopy(BYTE_ORDER_MARK, 0, out, 0, BYTE_ORDER_MARK.length);
        System.arraycopy(body, 0, out, BYTE_ORDER_MARK.length, body.length);
        return out;
    }

    /** The name of a UTF-16 or UTF-32 byte-order mark at the start of {@code bytes}, if one is there. */
    static Optional<String> foreignByteOrderMark(byte[] bytes) {
        if (bytes.length >= 4 && bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE && bytes[2] == 0 && bytes[3] == 0) {
            return Optional.of("UTF-32LE");
        }
        if (bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == (byte) 0xFE && bytes[3] == (byte) 0xFF) {
            return Optional.of("UTF-32BE");
        }
        if (bytes.length >= 2 && bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE) {
            return Optional.of("UTF-16LE");
        }
        if (bytes.length >= 2 && bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF) {
            return Optional.of("UTF-16BE");
        }
        return Optional.empty();
    }
}
