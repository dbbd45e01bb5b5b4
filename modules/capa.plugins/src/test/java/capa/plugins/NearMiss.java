package capa.plugins;

import java.util.ArrayList;
import java.util.List;

/**
 * Values one step away from a given one, for tests that a comparison holds at its edge and not
 * only against values that differ from the first character.
 */
public final class NearMiss {

    private NearMiss() {
    }

    /**
     * The digest with one hex digit changed, for each position: the last position first, since
     * a comparison of a prefix misses exactly that one.
     */
    public static List<String> digests(String digest) {
        int colon = digest.indexOf(':');
        List<String> misses = new ArrayList<>();
        for (int i = digest.length() - 1; i > colon; i--) {
            char c = digest.charAt(i);
            char other = c == '0' ? '1' : (char) (c == 'a' ? '9' : c - 1);
            misses.add(digest.substring(0, i) + other + digest.substring(i + 1));
        }
        return misses;
    }

    /** {@code digest} with only its last hex digit changed. */
    public static String lastDigit(String digest) {
        return digests(digest).getFirst();
    }

    /**
     * Texts one character off: the last character changed, dropped or doubled, a character
     * appended, the first changed, and the case of a letter flipped.
     */
    public static List<String> texts(String text) {
        List<String> misses = new ArrayList<>();
        char last = text.charAt(text.length() - 1);
        misses.add(text.substring(0, text.length() - 1) + (char) (last == '0' ? '1' : last == 'z' ? 'y' : last + 1));
        misses.add(text.substring(0, text.length() - 1));
        misses.add(text + last);
        misses.add(text + "0");
        char first = text.charAt(0);
        misses.add((char) (first == 'a' ? 'b' : first == '0' ? '1' : first - 1) + text.substring(1));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                char flipped = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
                misses.add(text.substring(0, i) + flipped + text.substring(i + 1));
                break;
            }
        }
        return misses;
    }
}
