package capa.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationBinderBoundsTest {

    record Floats(float f, Float boxed, double d) {
    }

    /** Every component required and of its own type: no table can satisfy it. */
    record Wide(Wide a, Wide b, Wide c, Wide d, Wide e, Wide f, Wide g, Wide h, Wide i, Wide j) {
    }

    @Test
    void aFloatOutsideFloatsRangeIsRefusedNotMadeInfinite() throws Exception {
        String expected = "a number from " + -Float.MAX_VALUE + " to " + Float.MAX_VALUE;
        for (Object tooBig : List.<Object>of(3.5e38, -3.5e38, 1e300, new SetValue("3.5e38"), new SetValue("-1e39"))) {
            var e = assertThrows(ConfigurationException.class,
                    () -> ConfigurationBinder.bind(Floats.class, Map.of("f", tooBig, "boxed", 1.0, "d", 1.0)), tooBig::toString);
            assertEquals(List.of("f: expected " + expected + ", got " + ConfigurationBinder.describe(tooBig)),
                    e.problems());
            var boxed = assertThrows(ConfigurationException.class,
                    () -> ConfigurationBinder.bind(Floats.class, Map.of("f", 1.0, "boxed", tooBig, "d", 1.0)));
            assertEquals(1, boxed.problems().size());
        }
        Map<Object, Float> fits = Map.of(3.4e38, 3.4e38f, -3.4e38, -3.4e38f, 1.5, 1.5f, 0L, 0f,
                new SetValue("3.4e38"), 3.4e38f, Double.POSITIVE_INFINITY, Float.POSITIVE_INFINITY);
        for (var fit : fits.entrySet()) {
            Floats bound = ConfigurationBinder.bind(Floats.class,
                    Map.of("f", fit.getKey(), "boxed", fit.getKey(), "d", 3.5e38)).record();
            assertEquals(fit.getValue(), bound.f(), fit.getKey()::toString);
            assertEquals(fit.getValue(), bound.boxed(), fit.getKey()::toString);
            assertEquals(3.5e38, bound.d());
        }
    }

    @Test
    void tablesForARecordOfManyComponentsStopAtTheProblemBound() {
        for (int depth = 1; depth <= 40; depth++) {
            // Each table lacks nine of its ten components; the innermost lacks all ten.
            Map<String, Object> top = new LinkedHashMap<>();
            Map<String, Object> level = top;
            for (int i = 1; i < depth; i++) {
                Map<String, Object> next = new LinkedHashMap<>();
                level.put("a", next);
                level = next;
            }
            int missing = 9 * (depth - 1) + 10;
            var e = assertThrows(ConfigurationException.class, () -> ConfigurationBinder.bind(Wide.class, top));
            if (missing <= ConfigurationBinder.MAX_PROBLEMS) {
                assertEquals(missing, e.problems().size(), "depth " + depth);
            } else {
                assertEquals(ConfigurationBinder.MAX_PROBLEMS + 1, e.problems().size(), "depth " + depth);
                assertEquals("... binding stopped after " + ConfigurationBinder.MAX_PROBLEMS + " problems",
                        e.problems().getLast());
            }
        }
    }
}
