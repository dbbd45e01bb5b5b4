package capa.plugins.lock;

import capa.base.TerminalText;
import java.util.Locale;

/**
 * The rule for a trust or revoke reason, the operator's words in the journal. A reason must
 * say something a reader can see, read as it was written, and fit on one journal line:
 *
 * <ul>
 *   <li>It is blank when nothing is left after removing whitespace, space separators (such as
 *       U+00A0 and U+3000), the characters {@link TerminalText} hides, and the Hangul and
 *       Braille fillers that render as blanks (U+115F, U+1160, U+3164, U+FFA0, U+2800).
 *   <li>A tab, line break or other line or paragraph separator is refused: one change is one
 *       line of tab-separated fields.
 *   <li>Every other character {@link TerminalText} hides is refused: controls, the
 *       bidirectional controls (a right-to-left override makes {@code OPS-1284} display as
 *       another ticket), zero-width and other invisible format characters; and so are the
 *       fillers above and the other characters that render as nothing (U+034F, U+17B4,
 *       U+17B5), wherever they stand.
 * </ul>
 *
 * <p>Two exceptions keep emoji whole: a zero-width joiner (U+200D) between two emoji, as in
 * 👩‍🔬 (U+1F469 U+200D U+1F52C), skin-tone modifiers and U+FE0F between them allowed; and the
 * tag characters (U+E0020–U+E007F) of a flag tag sequence, U+1F3F4 followed by tags and ended
 * by U+E007F, as in the flag of Scotland. Everything else, accents, CJK and emoji included,
 * is welcome.
 */
final class ReasonText {

    private static final int ZERO_WIDTH_JOINER = 0x200D;
    private static final int WAVING_BLACK_FLAG = 0x1F3F4;
    private static final int CANCEL_TAG = 0xE007F;

    private ReasonText() {
    }

    /** Throws {@link IllegalArgumentException} saying which character is wrong, where, and what to do. */
    static void check(String reason) {
        if (reason == null || isBlank(reason)) {
            throw new IllegalArgumentException("the reason is blank" + (reason != null && !reason.isBlank()
                    ? " (it holds only spaces and invisible characters)" : "")
                    + ": say why, e.g. \"approved by GB, ticket OPS-1284\"");
        }
        int[] text = reason.codePoints().toArray();
        boolean[] emoji = emojiSequenceParts(text);
        for (int i = 0; i < text.length; i++) {
            int c = text[i];
            if (isLineBreakOrTab(c)) {
                throw new IllegalArgumentException("the reason must be one line of text, but it holds "
                        + lineBreakName(c) + " at character " + (i + 1)
                        + "; each journal entry is one tab-separated line");
            }
            if ((TerminalText.isHidden(c) && !emoji[i]) || isBlankGlyph(c)) {
                throw new IllegalArgumentException("the reason holds " + name(c) + " at character " + (i + 1)
                        + ", " + kind(c) + " that would make it read as something other than what was"
                        + " typed; write the reason again without it (retype it rather than paste it)");
            }
        }
    }

    private static boolean isBlank(String reason) {
        return reason.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || TerminalText.isHidden(c) || isBlankGlyph(c));
    }

    /** Letters and marks that render as nothing: Hangul and Braille fillers, invisible marks. */
    private static boolean isBlankGlyph(int c) {
        return switch (c) {
            case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x034F, 0x17B4, 0x17B5 -> true;
            default -> false;
        };
    }

    private static boolean isLineBreakOrTab(int c) {
        int type = Character.getType(c);
        return c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static String lineBreakName(int c) {
        return switch (c) {
            case '\t' -> "a tab";
            case '\n' -> "a line break";
            case '\r' -> "a carriage return";
            default -> name(c) + " (a line break)";
        };
    }

    /** {@code U+202E RIGHT-TO-LEFT OVERRIDE}, or just the code point when Unicode names none. */
    private static String name(int c) {
        String name = Character.getName(c);
        return String.format(Locale.ROOT, "U+%04X", c) + (name == null ? "" : " " + name);
    }

    private static String kind(int c) {
        if (Character.getType(c) == Character.CONTROL) {
            return "a control character";
        }
        return switch (c) {
            case 0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
                 0x2069 -> "a bidirectional control";
            default -> "an invisible character";
        };
    }

    /** Which code points are the joiners and tags of an emoji sequence, and so allowed. */
    private static boolean[] emojiSequenceParts(int[] text) {
        boolean[] allowed = new boolean[text.length];
        for (int i = 0; i < text.length; i++) {
            if (text[i] == ZERO_WIDTH_JOINER && i + 1 < text.length
                    && Character.isExtendedPictographic(text[i + 1]) && emojiBefore(text, i)) {
                allowed[i] = true;
            } else if (text[i] == WAVING_BLACK_FLAG) {
                int end = i + 1;
                while (end < text.length && text[end] >= 0xE0020 && text[end] <= 0xE007E) {
                    end++;
                }
                if (end > i + 1 && end < text.length && text[end] == CANCEL_TAG) {
                    for (int t = i + 1; t <= end; t++) {
                        allowed[t] = true;
                    }
                    i = end;
                }
            }
        }
        return allowed;
    }

    /** Whether an emoji, perhaps with a skin-tone modifier or U+FE0F after it, ends just before {@code at}. */
    private static boolean emojiBefore(int[] text, int at) {
        int i = at - 1;
        while (i >= 0 && (text[i] == 0xFE0F || Character.isEmojiModifier(text[i]))) {
            i--;
        }
        return i >= 0 && Character.isExtendedPictographic(text[i]);
    }
}
