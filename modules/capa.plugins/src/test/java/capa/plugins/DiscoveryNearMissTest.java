package capa.plugins;

import static capa.plugins.TestPlugins.named;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery's rules at their edges, with real JARs: the duplicate-id rule and the contract's
 * {@code capa.api} major-version check, each with the nearest value on both sides.
 */
class DiscoveryNearMissTest {

    @TempDir
    Path modules;

    @TempDir
    Path work;

    private static List<String> rejected(PluginReport report) {
        return report.rejected().stream().map(Rejection::line).toList();
    }

    private static List<String> loaded(PluginReport report) {
        return report.loaded().stream().map(p -> p.description().id().value()).toList();
    }

    @Test
    void idsOneCharacterApartBothLoadAndTheSameIdInThreeJarsIsRefusedOnEach() {
        named("lab.one", "lab.one", "One", "lab.shared.proc").writeTo(modules.resolve("one.jar"));
        named("lab.two", "lab.two", "Two", "lab.shared.prod").writeTo(modules.resolve("two.jar"));
        PluginReport apart = PluginDiscoveryTest.discoverDev(modules);
        assertEquals(List.of(), rejected(apart));
        assertEquals(List.of("lab.shared.proc", "lab.shared.prod"), loaded(apart));

        named("lab.three", "lab.three", "Three", "lab.shared.proc").writeTo(modules.resolve("three.jar"));
        named("lab.four", "lab.four", "Four", "lab.shared.proc").writeTo(modules.resolve("four.jar"));
        PluginReport three = PluginDiscoveryTest.discoverDev(modules);
        assertEquals(List.of("lab.shared.prod"), loaded(three));
        assertEquals(List.of(
                "lab.shared.proc: duplicate_id: four.jar conflicts with one.jar, three.jar",
                "lab.shared.proc: duplicate_id: one.jar conflicts with four.jar, three.jar",
                "lab.shared.proc: duplicate_id: three.jar conflicts with four.jar, one.jar"), rejected(three));
    }

    @Test
    void aPluginBuiltAgainstTheSameCapaApiMajorLoadsAndTheNearestOtherMajorsDoNot() {
        record Case(String apiVersion, List<String> rejected) {
        }
        List<Case> cases = List.of(
                new Case("1.0.0", List.of()),
                new Case("1.9.9", List.of()),
                new Case("0.9.9", List.of("lab.next.procedure: contract_check_failed: built against capa.api 0.9.9;"
                        + " this capa needs capa.api 1.x")),
                new Case("10.0.0", List.of("lab.next.procedure: contract_check_failed: built against capa.api 10.0.0;"
                        + " this capa needs capa.api 1.x")),
                new Case("2.0.0", List.of("lab.next.procedure: contract_check_failed: built against capa.api 2.0.0;"
                        + " this capa needs capa.api 1.x")));
        for (Case c : cases) {
            Path api = TestPlugins.otherApi(c.apiVersion(), true, true, work.resolve(c.apiVersion() + "/capa-api.jar"));
            Path dir = modules.resolve(c.apiVersion());
            named("lab.next", "lab.next", "Next", "lab.next.procedure").compiledAgainst(api)
                    .writeTo(dir.resolve("next.jar"));
            PluginReport report = PluginDiscoveryTest.discoverDev(dir);
            assertEquals(c.rejected(), rejected(report), c::toString);
            assertEquals(c.rejected().isEmpty() ? List.of("lab.next.procedure") : List.of(), loaded(report), c::toString);
        }
    }
}
