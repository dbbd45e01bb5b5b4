package capa.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TerminalTextTest {

    /** Every code point issue 12 names, by class; TerminalText must hide them all. */
    static List<Integer> namedByTheIssue() {
        List<Integer> all = new ArrayList<>();
        IntStream.rangeClosed(0x00, 0x1F).forEach(all::add); // C0
        all.add(0x7F); // DEL
        IntStream.rangeClosed(0x80, 0x9F).forEach(all::add); // C1
        IntStream.rangeClosed(0x202A, 0x202E).forEach(all::add); // bidi embeddings and overrides
        IntStream.rangeClosed(0x2066, 0x2069).forEach(all::add); // bidi isolates
        all.addAll(List.of(0x200E, 0x200F, 0x061C)); // bidi marks
        IntStream.rangeClosed(0x200B, 0x200D).forEach(all::add); // zero-width space, non-joiner, joiner
        all.addAll(List.of(0x2060, 0xFEFF, 0x2028, 0x2029));
        return all;
    }

    @Test
    void everyCodePointTheIssueNamesIsHidden() {
        for (int c : namedByTheIssue()) {
            assertTrue(TerminalText.isHidden(c), () -> String.format("U+%04X", c));
        }
    }

    @Test
    void noCodePointSurvivesEscapingRawExceptTheVisibleOnes() {
        // The whole code space, a block at a time: whatever a JAR holds, the escaped text holds no
        // hidden code point, and text without hidden code points is shown as it is.
        for (int start = 0; start <= Character.MAX_CODE_POINT; start += 4096) {
            StringBuilder any = new StringBuilder();
            StringBuilder visible = new StringBuilder();
            for (int c = start; c < start + 4096 && c <= Character.MAX_CODE_POINT; c++) {
                any.append('a').appendCodePoint(c);
                if (!TerminalText.isHidden(c)) {
                    visible.append('a').appendCodePoint(c);
                }
            }
            String shown = TerminalText.escape(any.toString());
            int first = start;
            shown.codePoints().filter(TerminalText::isHidden).findFirst().ifPresent(c -> fail(String.format(
                    "U+%04X survives in the block from U+%04X", c, first)));
            assertEquals(visible.toString(), TerminalText.escape(visible.toString()));
        }
    }

    @Test
    void escapedFormsAreJavasAndJsons() {
        assertEquals("\\u001b[1A\\u001b[2K", TerminalText.escape("\u001b[1A\u001b[2K"));
        assertEquals("a\\nb\\rc\\td", TerminalText.escape("a\nb\rc\td"));
        assertEquals("1.0\\u202e4821-SPO", TerminalText.escape("1.0\u202e4821-SPO"));
        assertEquals("\\u0085\\u009b\\u007f\\u200b\\ufeff", TerminalText.escape("\u0085\u009b\u007f\u200b\ufeff"));
        // a tag character (supplementary): its two UTF-16 units, as JSON writes them
        assertEquals("x\\udb40\\udc41", TerminalText.escape("x\uDB40\uDC41"));
        // a lone surrogate
        assertEquals("\\ud800", TerminalText.escape("\uD800"));
    }

    @Test
    void escapingTwiceReadsTheSameAsOnce() {
        // Messages are escaped where they are built and again where they are printed.
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            if (TerminalText.isHidden(c)) {
                String once = TerminalText.escape("v" + Character.toString(c));
                assertEquals(once, TerminalText.escape(once), () -> once);
            }
        }
    }

    @Test
    void ordinaryUnicodeIsShownAsItIs() {
        for (String text : List.of("approuvé par GB", "Größe ±0.5 °C", "温度ランプ", "✅ ok 🔬🧪",
                "\uD83D\uDC69\uD83C\uDFFD", "ticket OPS-1284 \\u001b")) {
            assertEquals(text, TerminalText.escape(text));
        }
        assertFalse(TerminalText.isHidden(' '));
    }

    @Test
    void widthCountsCodePointsOfTheEscapedText() {
        assertEquals(3, TerminalText.width("a🔬b"));
        assertEquals(8, TerminalText.width(TerminalText.escape("a\u001bb")));
    }
}
