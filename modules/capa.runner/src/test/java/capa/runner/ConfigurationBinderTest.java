package capa.runner;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationBinderTest {

    enum Mode { HEAT, COOL }

    record Step(String procedure, Map<String, Object> config) {
    }

    record Everything(int count, long big, double setpoint, boolean enabled, String label,
                      Integer retries, Duration hold, Mode mode, List<Step> steps,
                      Map<String, Object> extra) {
    }

    record Strict(double limit) {
        Strict {
            if (limit > 95) {
                throw new IllegalArgumentException("limit must be at most 95");
            }
        }
    }

    @Test
    void bindsEveryKindOfParameterFromATable() throws Exception {
        var bound = ConfigurationBinder.bind(Everything.class, Map.of(
                "count", 3L, "big", 9_000_000_000L, "setpoint", 37L, "enabled", true,
                "label", "plate A", "hold", "PT5M", "mode", "cool",
                "steps", List.of(Map.of("procedure", "capa.builtin.free_run",
                        "config", Map.of("duration_s", 0L))),
                "extra", Map.of("note", "x")));
        Everything e = bound.record();
        assertAll(
                () -> assertEquals(3, e.count()),
                () -> assertEquals(9_000_000_000L, e.big()),
                () -> assertEquals(37.0, e.setpoint()),
                () -> assertTrue(e.enabled()),
                () -> assertEquals("plate A", e.label()),
                () -> assertNull(e.retries()),
                () -> assertEquals(Duration.ofMinutes(5), e.hold()),
                () -> assertEquals(Mode.COOL, e.mode()),
                () -> assertEquals("capa.builtin.free_run", e.steps().getFirst().procedure()),
                () -> assertEquals(Map.of("duration_s", 0L), e.steps().getFirst().config()),
                () -> assertEquals("PT5M", bound.canonical().get("hold")),
                () -> assertEquals("COOL", bound.canonical().get("mode")),
                () -> assertTrue(bound.canonical().containsKey("retries")));
    }

    @Test
    void aDurationMayBeGivenInSeconds() throws Exception {
        record Wait(Duration hold) {
        }
        assertEquals(Duration.ofMillis(1500),
                ConfigurationBinder.bind(Wait.class, Map.of("hold", 1.5)).record().hold());
    }

    @Test
    void everyMissingRequiredValueIsNamed() {
        var e = assertThrows(ConfigurationException.class,
                () -> ConfigurationBinder.bind(Everything.class, Map.of("count", 1L)));
        assertTrue(e.problems().contains("big: missing required value (integer)"), e.problems()::toString);
        assertTrue(e.problems().contains("label: missing required value (string)"), e.problems()::toString);
        assertTrue(e.problems().stream().noneMatch(p -> p.startsWith("retries")), "a boxed value is optional");
        assertTrue(e.problems().stream().noneMatch(p -> p.startsWith("steps")), "an absent list is empty");
    }

    @Test
    void anUnknownKeyIsNamedWithTheParametersThatExist() {
        var e = assertThrows(ConfigurationException.class,
                () -> ConfigurationBinder.bind(Strict.class, Map.of("limit", 1.0, "limt", 2.0)));
        assertEquals(List.of("limt: unknown key; the parameters are limit"), e.problems());
    }

    @Test
    void aValueOfTheWrongTypeIsNamedWithWhatFits() {
        var e = assertThrows(ConfigurationException.class,
                () -> ConfigurationBinder.bind(Strict.class, Map.of("limit", "hot")));
        assertEquals(List.of("limit: expected a number, got a string (\"hot\")"), e.problems());
    }

    @Test
    void anIntegerOutOfRangeIsRefused() {
        record Count(int n) {
        }
        var e = assertThrows(ConfigurationException.class,
                () -> ConfigurationBinder.bind(Count.class, Map.of("n", 3_000_000_000L)));
        assertTrue(e.problems().getFirst().startsWith("n: expected an integer from"), e.problems()::toString);
    }

    @Test
    void problemsInsideNestedRecordsNameTheirPath() {
        var e = assertThrows(ConfigurationException.class, () -> ConfigurationBinder.bind(Everything.class,
                Map.of("count", 1L, "big", 1L, "setpoint", 1.0, "enabled", false, "label", "l",
                        "hold", 1L, "mode", "HEAT", "steps", List.of(Map.of("procedure", 5L)))));
        assertEquals(List.of("steps[0].procedure: expected a string, got an integer (5)"), e.problems());
    }

    @Test
    void theRecordsOwnRefusalIsAConfigurationError() {
        var e = assertThrows(ConfigurationException.class,
                () -> ConfigurationBinder.bind(Strict.class, Map.of("limit", 120.0)));
        assertEquals(List.of("the configuration: rejected by Strict: limit must be at most 95"), e.problems());
    }

    @Test
    void commandLineValuesAreTypedByTheirParameter() throws Exception {
        record Mixed(String label, boolean enabled, int count, Double limit, List<Long> wells,
                     Map<String, Object> extra) {
        }
        Map<String, Object> set = SetAssignments.parse(List.of("label=true", "enabled=true", "count=4",
                "limit=2.5", "wells=[1, 2]", "extra.speed=3", "extra.name=fast"));
        Mixed m = ConfigurationBinder.bind(Mixed.class, set).record();
        assertAll(
                () -> assertEquals("true", m.label()),
                () -> assertTrue(m.enabled()),
                () -> assertEquals(4, m.count()),
                () -> assertEquals(2.5, m.limit()),
                () -> assertEquals(List.of(1L, 2L), m.wells()),
                () -> assertEquals(Map.of("speed", 3L, "name", "fast"), m.extra()));
    }

    @Test
    void aMalformedSetArgumentIsNamed() {
        var e = assertThrows(ConfigurationException.class, () -> SetAssignments.parse(List.of("hold_s")));
        assertEquals(List.of("--set hold_s: expected key=value"), e.problems());
    }

    @Test
    void describeListsParametersTypesAndWhetherRequired() {
        List<ParameterSchema.Parameter> parameters = ParameterSchema.describe(Everything.class);
        assertAll(
                () -> assertEquals(new ParameterSchema.Parameter("count", "integer", "required"), parameters.get(0)),
                () -> assertEquals(new ParameterSchema.Parameter("retries", "integer", "optional"), parameters.get(5)),
                () -> assertEquals(new ParameterSchema.Parameter("mode", "HEAT|COOL", "required"), parameters.get(7)),
                () -> assertEquals(new ParameterSchema.Parameter("steps", "list of table (Step)", "optional (empty)"),
                        parameters.get(8)),
                () -> assertEquals(new ParameterSchema.Parameter("steps[].procedure", "string", "required"),
                        parameters.get(9)));
    }
}
