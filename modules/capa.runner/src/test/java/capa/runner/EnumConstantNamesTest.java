package capa.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** describe shows an enum's constants without initialising the enum. */
class EnumConstantNamesTest {

    static boolean initialised;

    enum Valve {
        SHUT, OPEN { @Override public String toString() { return "open"; } }, HALF, $odd_name;

        static {
            initialised = true;
        }
    }

    record Config(Valve valve) {
    }

    @Test
    void namesComeInDeclarationOrderAndTheEnumIsNotInitialised() {
        assertEquals(List.of("SHUT", "OPEN", "HALF", "$odd_name"), EnumConstantNames.of(Valve.class));
        assertEquals(List.of(new ParameterSchema.Parameter("valve", "SHUT|OPEN|HALF|$odd_name", "required")),
                ParameterSchema.describe(Config.class));
        assertFalse(initialised, "reading the enum's constants ran its static initialiser");
        // The control: what Class.getEnumConstants() does sets the flag.
        assertEquals(4, Valve.class.getEnumConstants().length);
        assertTrue(initialised);
    }
}
