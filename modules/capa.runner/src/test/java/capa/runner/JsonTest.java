package capa.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesWhatWouldBreakTheFile() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001\"\n", Json.write("a\"b\\c\nd\te\u0001"));
    }

    @Test
    void writesNestedObjectsInOrderWithNulls() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", List.of(true, 2.5));
        m.put("n", null);
        m.put("e", Map.of());
        assertEquals("{\n  \"z\": 1,\n  \"a\": [\n    true,\n    2.5\n  ],\n  \"n\": null,\n  \"e\": {}\n}\n",
                Json.write(m));
    }

    @Test
    void numbersJsonCannotHoldAreStrings() {
        assertEquals("[\n  \"NaN\",\n  \"Infinity\"\n]\n", Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY)));
    }
}
