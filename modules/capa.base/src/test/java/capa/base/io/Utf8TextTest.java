package capa.base.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8TextTest {

    private static final String SAMPLE = "version = 1\n# caf\u00e9 \u2014 \u4e2d\u6587 \ud83d\ude00\r\n[[plugins]]\nid = \"a.b\"\n";

    /** The JDK's strict decoder, the oracle: the text, or null where it refuses the bytes. */
    private static String jdk(byte[] bytes, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Test
    void mutatedTextDecodesExactlyWhenTheJdkDecodesItAndAnErrorPointsAtTheFirstBadByte() {
        byte[] original = SAMPLE.getBytes(StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(16);
        for (int round = 0; round < 5000; round++) {
            byte[] bytes = original.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            if (Utf8Text.foreignByteOrderMark(bytes).isPresent() || Utf8Text.startsWithByteOrderMark(bytes)) {
                continue;
            }
            String expected = jdk(bytes, 0, bytes.length);
            try {
                String text = Utf8Text.decode(bytes);
                if (expected == null) {
                    fail("decoded what the JDK refuses: " + Arrays.toString(bytes));
                }
                assertEquals(expected, text);
            } catch (Utf8Text.MalformedException e) {
                if (expected != null) {
                    fail("refused what the JDK decodes: " + Arrays.toString(bytes));
                }
                int offset = (int) e.offset();
                // Everything before the offset is text; the sequence starting there is not.
                String before = jdk(bytes, 0, offset);
                if (before == null) {
                    fail("the bytes before offset " + offset + " are not text: " + Arrays.toString(bytes));
                }
                if (jdk(bytes, offset, bytes.length) != null) {
                    fail("the bytes from offset " + offset + " on are text: " + Arrays.toString(bytes));
                }
                int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
                assertEquals(line, e.line(), Arrays.toString(bytes));
                assertEquals(before.length() - before.lastIndexOf('\n'), e.column(), Arrays.toString(bytes));
                assertEquals("not UTF-8 text (byte at offset " + offset + ")", e.getMessage());
            }
        }
    }

    @Test
    void aUtf8ByteOrderMarkIsSkippedAndOffsetsStillCountFromTheFirstByte() throws Exception {
        byte[] text = Utf8Text.encode("a = 1\nb = \u00e9\n", true);
        assertEquals(3, Utf8Text.contentStart(text));
        assertEquals("a = 1\nb = \u00e9\n", Utf8Text.decode(text));
        byte[] bad = Utf8Text.encode("a = 1\nb = x\n", true);
        bad[13] = (byte) 0xC3;
        var e = assertThrows(Utf8Text.MalformedException.class, () -> Utf8Text.decode(bad));
        assertEquals(13, e.offset());
        assertEquals(2, e.line());
        assertEquals(5, e.column());
        assertEquals("not UTF-8 text (byte at offset 13); plugins.lock must be UTF-8", e.problem("plugins.lock"));
    }

    @Test
    void aByteOrderMarkInsideAFileIsText() throws Exception {
        byte[] line = Utf8Text.encode("x", true);
        assertEquals("\ufeffx", Utf8Text.decode(line, 0, line.length));
    }

    @Test
    void utf16AndUtf32FilesAreRefusedByName() {
        String[][] cases = {
            {"UTF-16LE", "\ufeffversion = 1\n"}, {"UTF-16BE", "\ufeffversion = 1\n"},
            {"UTF-32LE", "\ufeffversion = 1\n"}, {"UTF-32BE", "\ufeffversion = 1\n"},
        };
        for (String[] c : cases) {
            byte[] bytes = c[1].getBytes(java.nio.charset.Charset.forName(c[0]));
            var e = assertThrows(Utf8Text.MalformedException.class, () -> Utf8Text.decode(bytes), c[0]);
            assertEquals("the file starts with a " + c[0] + " byte-order mark; a run file must be UTF-8 text:"
                    + " save it as UTF-8 (with or without a byte-order mark)", e.problem("a run file"));
            assertEquals(1, e.line());
            assertEquals(1, e.column());
        }
    }

    @Test
    void encodingAndDecodingAreInverse() throws Exception {
        for (boolean mark : new boolean[] {false, true}) {
            assertEquals(SAMPLE, Utf8Text.decode(Utf8Text.encode(SAMPLE, mark)));
            assertEquals(Utf8Text.encode(SAMPLE, false).length + (mark ? 3 : 0), Utf8Text.encode(SAMPLE, mark).length);
        }
    }
}
