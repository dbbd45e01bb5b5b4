package capa.plugins.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import capa.base.DistributionHash;
import capa.base.PluginId;
import capa.base.PluginMode;
import capa.plugins.Drift;
import capa.plugins.PluginDescription;
import capa.base.PluginCoordinates;
import capa.plugins.lock.LockState;
import capa.plugins.lock.Lockfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field of a lock entry, edited by hand by the smallest amount (one character changed at
 * each position, one added, one removed; the hash at each hex digit, the last one included),
 * keeps the procedure out in production with that field's kind and drift line.
 */
class GateNearMissTest {

    private static final String HASH = "sha256:" + "0123456789abcdef".repeat(4);
    private static final PluginDescription INSTALLED = new PluginDescription(new PluginCoordinates(
            PluginId.parse("lab.good.procedure"), "lab.good", "1.0.0", "lab.good/lab.good.Good",
            DistributionHash.parse(HASH)), "Good", "", false);

    private static PluginCoordinates exact() {
        return INSTALLED.coordinates();
    }

    private static GateDecision decide(PluginCoordinates entry) {
        return Gate.decide(PluginMode.PRODUCTION,
                new LockState.Loaded(Path.of("plugins.lock"), new Lockfile(1, List.of(entry))), INSTALLED);
    }

    /** One character off at every position, one too many, one too few. */
    private static List<String> nearMisses(String value, String alphabet) {
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            char other = alphabet.charAt((alphabet.indexOf(c) + 1) % alphabet.length());
            misses.add(value.substring(0, i) + other + value.substring(i + 1));
        }
        misses.add(value + alphabet.charAt(0));
        misses.add(value.substring(0, value.length() - 1));
        return misses;
    }

    static Stream<Arguments> handEdits() {
        String letters = "abcdefghijklmnopqrstuvwxyz.";
        List<Arguments> edits = new ArrayList<>();
        add(edits, Drift.Field.PACKAGE, GateDecision.Kind.PACKAGE_MISMATCH, nearMisses("lab.good", letters),
                (e, v) -> new PluginCoordinates(e.id(), v, e.version(), e.entryPoint(), e.hash()));
        add(edits, Drift.Field.VERSION, GateDecision.Kind.VERSION_MISMATCH, nearMisses("1.0.0", "0123456789."),
                (e, v) -> new PluginCoordinates(e.id(), e.packageName(), v, e.entryPoint(), e.hash()));
        add(edits, Drift.Field.ENTRY_POINT, GateDecision.Kind.ENTRY_POINT_MISMATCH,
                nearMisses("lab.good/lab.good.Good", letters + "G/"),
                (e, v) -> new PluginCoordinates(e.id(), e.packageName(), e.version(), v, e.hash()));
        String hex = HASH.substring("sha256:".length());
        List<String> hashes = nearMisses(hex, "0123456789abcdef").stream()
                .filter(h -> h.length() == hex.length()).map(h -> "sha256:" + h).toList();
        add(edits, Drift.Field.HASH, GateDecision.Kind.HASH_MISMATCH, hashes,
                (e, v) -> new PluginCoordinates(e.id(), e.packageName(), e.version(), e.entryPoint(), DistributionHash.parse(v)));
        return edits.stream();
    }

    private static void add(List<Arguments> edits, Drift.Field field, GateDecision.Kind kind, List<String> values,
                            BiFunction<PluginCoordinates, String, PluginCoordinates> edit) {
        for (String value : values) {
            edits.add(Arguments.of(field, kind, value, edit.apply(exact(), value)));
        }
    }

    @Test
    void theExactEntryIsTrusted() {
        assertInstanceOf(GateDecision.Trusted.class, decide(exact()));
    }

    @ParameterizedTest(name = "{0} = {2}")
    @MethodSource("handEdits")
    void aNearMissInAnyFieldIsThatFieldsRejectionAndDrift(Drift.Field field, GateDecision.Kind kind, String value,
                                                          PluginCoordinates edited) {
        assertEquals(List.of(kind), assertInstanceOf(GateDecision.Untrusted.class, decide(edited)).kinds());
        assertEquals(List.of(field), Gate.mismatches(INSTALLED, edited));
        Drift.FieldDrift drift = (Drift.FieldDrift) Gate.drift(INSTALLED, edited).getFirst();
        assertEquals(value, drift.expected());
    }

    @Test
    void aNearMissInTheIdLeavesTheProcedureMissingFromTheLock() {
        for (String id : nearMisses("lab.good.procedure", "abcdefghijklmnopqrstuvwxyz_")) {
            if (!PluginId.isWellFormed(id)) {
                continue;
            }
            PluginCoordinates edited = new PluginCoordinates(PluginId.parse(id), "lab.good", "1.0.0", "lab.good/lab.good.Good",
                    DistributionHash.parse(HASH));
            assertEquals(List.of(GateDecision.Kind.MISSING_FROM_LOCK),
                    assertInstanceOf(GateDecision.Untrusted.class, decide(edited)).kinds(), id);
        }
    }
}
