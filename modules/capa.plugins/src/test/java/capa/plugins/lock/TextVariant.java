package capa.plugins.lock;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The ways an editor or git leaves a lock or journal that capa wrote with bare line feeds:
 * CRLF line breaks ({@code core.autocrlf}), a UTF-8 byte-order mark (Notepad), or both. Tests
 * that run over every variant prove that readers and writers treat them all alike.
 */
enum TextVariant {
    LF(false, false),
    CRLF(false, true),
    BOM_LF(true, false),
    BOM_CRLF(true, true);

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    final boolean byteOrderMark;
    final boolean crlf;

    TextVariant(boolean byteOrderMark, boolean crlf) {
        this.byteOrderMark = byteOrderMark;
        this.crlf = crlf;
    }

    /** The line break this variant uses. */
    String lineBreak() {
        return crlf ? "\r\n" : "\n";
    }

    /** {@code text}, written with LF line breaks, as this variant's file bytes. */
    byte[] bytes(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code lf}, bytes with LF line breaks, as this variant's file bytes. */
    byte[] bytes(byte[] lf) {
        byte[] out = new byte[lf.length * 2 + BOM.length];
        int n = 0;
        if (byteOrderMark) {
            System.arraycopy(BOM, 0, out, 0, BOM.length);
            n = BOM.length;
        }
        for (byte b : lf) {
            if (b == '\n' && crlf) {
                out[n++] = '\r';
            }
            out[n++] = b;
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Fails unless {@code file} is in this variant's convention: a byte-order mark exactly when
     * the variant has one (and no other), and every line break this variant's.
     */
    void assertConvention(byte[] file, String what) {
        boolean bom = file.length >= 3 && Arrays.equals(file, 0, 3, BOM, 0, 3);
        if (bom != byteOrderMark) {
            throw new AssertionError(what + ": byte-order mark " + (bom ? "added" : "lost") + " (" + this + ")");
        }
        for (int i = 0; i < file.length; i++) {
            if (file[i] == '\n' && (i > 0 && file[i - 1] == '\r') != crlf) {
                throw new AssertionError(what + ": line break at byte " + i + " is not " + this
                        + ":\n" + new String(file, StandardCharsets.UTF_8));
            }
            if (file[i] == '\r' && (i + 1 == file.length || file[i + 1] != '\n')) {
                throw new AssertionError(what + ": a carriage return that ends no line at byte " + i);
            }
        }
        String text = new String(file, StandardCharsets.UTF_8);
        if (text.indexOf('\uFEFF', bom ? 1 : 0) >= 0) {
            throw new AssertionError(what + ": a second byte-order mark");
        }
    }
}
