package capa.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which ids capa accepts: the design's grammar, lowercase dotted names of two parts or more. */
class PluginIdTest {

    /** The grammar as the design writes it, kept here as the oracle for the hand-written check. */
    private static final Pattern GRAMMAR = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

    private static boolean byGrammar(String text) {
        return text.length() <= 255 && GRAMMAR.matcher(text).matches();
    }

    @Test
    void acceptsTheIdsOperatorsUse() {
        for (String id : List.of("capa.contrib.hold_setpoint", "lab.ramp.thermal_ramp", "a.b", "lab.p0001.noop",
                "x1.y_2.z__3")) {
            assertTrue(PluginId.isWellFormed(id), id);
            assertEquals(id, PluginId.parse(id).value());
        }
    }

    @Test
    void refusesEverythingElseWithAMessageThatShowsTheForm() {
        for (String id : List.of("", "lab", "Lab.proc", "lab.Proc", "lab..proc", ".lab.proc", "lab.proc.",
                "1lab.proc", "lab.1proc", "lab._proc", "lab.pro-c", "lab.proç", "lab proc", "lab.proc\n")) {
            assertFalse(PluginId.isWellFormed(id), id);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PluginId.parse(id));
            assertTrue(e.getMessage().contains("capa.contrib.my_procedure"), e.getMessage());
        }
        assertFalse(PluginId.isWellFormed(null));
        assertFalse(PluginId.isWellFormed("a." + "b".repeat(254)), "longer than 255 characters");
        assertTrue(PluginId.isWellFormed("a." + "b".repeat(253)), "exactly 255 characters");
    }

    @Test
    void agreesWithTheGrammarOnRandomText() {
        SplittableRandom random = new SplittableRandom(8);
        String alphabet = "ab.z09_A-.é";
        List<String> disagreements = new ArrayList<>();
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(8);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = text.toString();
            if (PluginId.isWellFormed(candidate) != byGrammar(candidate)) {
                disagreements.add(candidate);
            }
        }
        assertEquals(List.of(), disagreements);
    }
}
