package capa.plugins.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.TerminalText;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReasonTextTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:15:30Z"), ZoneOffset.UTC);

    private static IllegalArgumentException refused(String reason) {
        return assertThrows(IllegalArgumentException.class, () -> JournalLine.checkReason(reason),
                () -> "accepted: " + TerminalText.escape(reason));
    }

    @Test
    void everyHiddenCodePointIsRefusedNamingItAndItsPosition() {
        // The same characters TerminalText escapes, at the start, inside and at the end.
        int[] hidden = IntStream.rangeClosed(0, Character.MAX_CODE_POINT).filter(TerminalText::isHidden).toArray();
        assertTrue(hidden.length > 300, "the hidden set is the Cc, Cf, Zl, Zp and Cs categories");
        for (int c : hidden) {
            String character = Character.toString(c);
            for (String reason : List.of(character + "ticket OPS-1284", "ticket " + character + "OPS-1284",
                    "ticket OPS-1284" + character)) {
                String message = refused(reason).getMessage();
                int position = reason.codePoints().boxed().toList().indexOf(c) + 1;
                assertTrue(message.contains("at character " + position), message);
                assertTrue(message.contains(String.format("U+%04X", c)) || message.contains("a tab")
                        || message.contains("a line break") || message.contains("a carriage return"), message);
            }
        }
    }

    @Test
    void theMessageSaysWhatTheCharacterIsAndWhatToDo() {
        String message = refused("approved, ticket OPS-\u202e4821").getMessage();
        assertEquals("the reason holds U+202E RIGHT-TO-LEFT OVERRIDE at character 22, a bidirectional control"
                + " that would make it read as something other than what was typed; write the reason again"
                + " without it (retype it rather than paste it)", message);
        assertTrue(refused("ok\u200bthen").getMessage().contains("U+200B ZERO WIDTH SPACE at character 3, an invisible"));
        assertTrue(refused("ok\u001b[2K").getMessage().contains("U+001B ESCAPE at character 3, a control character"));
        assertTrue(refused("a\tb").getMessage().startsWith("the reason must be one line of text, but it holds a tab"));
    }

    @Test
    void aReasonOfOnlySpacesAndInvisibleCharactersIsBlank() {
        for (String reason : List.of("", " ", "\t", "\u200b", "\u200b\u200b\u200b", "\u200d", "\ufeff",
                "\u00a0\u3000", "\u2060 \u200c", "\u3164", "\u2800\u2800", "\u202e")) {
            assertTrue(refused(reason).getMessage().startsWith("the reason is blank"), TerminalText.escape(reason));
        }
        assertTrue(refused(null).getMessage().startsWith("the reason is blank"));
    }

    @Test
    void ordinaryUnicodeIsWelcome() {
        for (String reason : List.of("approuvé par GB — ticket #12, \"ok\"", "温度ランプを承認", "ok 👍 ✅",
                "woman scientist 👩‍🔬 and 👩🏽‍🔬, family 👨‍👩‍👧, rainbow flag 🏳️‍🌈, heart on fire ❤️‍🔥",
                "flag of Scotland 🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F",
                "Ελληνικά, русский, עברית, العربية")) {
            JournalLine line = JournalLine.trust(JournalLineTest.ENTRY, reason, CLOCK);
            assertEquals(reason, JournalLine.parse(line.format()).reason());
        }
    }

    @Test
    void zeroWidthJoinersAndTagsOutsideEmojiAreRefused() {
        for (String reason : List.of("ticket OPS\u200d-1284", "👩\u200d", "\u200d🔬 ok", "ok 👩\u200dx",
                "tag \uDB40\uDC67 alone", "🏴\uDB40\uDC67\uDB40\uDC62 unterminated", "a\u200d\u200db")) {
            assertTrue(refused(reason).getMessage().contains("U+"), TerminalText.escape(reason));
        }
    }

    @Test
    void aJournalLineWhoseReasonHoldsABidirectionalControlIsMalformed() {
        // A hand-written journal line: verify reports it as a malformed line.
        String line = "2026-11-24T10:15:30+00:00\ttrust\tcapa.contrib.my_procedure\t0.3.1\t"
                + JournalLineTest.HASH + "\tapproved, ticket OPS-\u202e4821";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JournalLine.parse(line)).getMessage()
                .contains("U+202E"));
    }
}
