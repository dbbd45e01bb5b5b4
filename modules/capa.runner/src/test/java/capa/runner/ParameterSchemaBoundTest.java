package capa.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterSchemaBoundTest {

    /** Ten components, each of its own type: expanded four levels deep, 10 + 10^2 + ... + 10^5 parameters. */
    record Wide(Wide a, Wide b, Wide c, Wide d, Wide e, Wide f, Wide g, Wide h, Wide i, Wide j) {
    }

    record Pair(Wide left, Wide right) {
    }

    record Small(int a, Wide b) {
    }

    @Test
    void aRecordThatMultipliesAtEveryLevelIsListedUpToTheBoundAndSaysHowManyItLeftOut() {
        long total = 10 + 100 + 1_000 + 10_000 + 100_000;
        assertEquals(total, ParameterSchema.count(Wide.class));
        assertEquals(ParameterSchema.MAX_LISTED, ParameterSchema.describe(Wide.class).size());
        List<String> lines = ParameterSchema.lines(Wide.class);
        assertEquals(ParameterSchema.MAX_LISTED + 1, lines.size());
        assertEquals("... and " + (total - ParameterSchema.MAX_LISTED) + " more parameters not listed"
                + " (capa lists at most " + ParameterSchema.MAX_LISTED + ")", lines.getLast());
        assertEquals("a.a.a.a.a", ParameterSchema.describe(Wide.class).get(4).name());
    }

    @Test
    void countsShareEachRecordsExpansionAndMatchTheListingWhenItIsComplete() {
        // Pair: 2 + 2 * (10 + ... + 10^4); Small: 2 + 11110.
        assertEquals(2 + 2 * 11_110L, ParameterSchema.count(Pair.class));
        assertEquals(2 + 11_110L, ParameterSchema.count(Small.class));
        record Flat(int a, String b, List<Integer> c) {
        }
        assertEquals(3, ParameterSchema.count(Flat.class));
        assertEquals(3, ParameterSchema.lines(Flat.class).size());
    }
}
