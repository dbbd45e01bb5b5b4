package capa.plugins;

import static capa.plugins.TestPlugins.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.PluginMode;
import capa.plugins.lock.LockState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery over JAR files named one by one, as {@code plugins check} asks for it. */
class ExplicitJarsTest {

    @TempDir
    Path work;

    static PluginReport discoverJars(List<Path> jars) {
        return PluginDiscovery.discover(new DiscoveryRequest(List.of(), PluginMode.DEV,
                new LockState.Absent(List.of()), false, DiscoveryRequest.Use.INSPECT, jars));
    }

    @Test
    void jarsAnywhereAreExaminedInTheOrderGivenWhateverTheirFileName() throws Exception {
        Path b = named("lab.b", "lab.b", "B", "lab.b.proc").writeTo(Files.createDirectories(work.resolve("one"))
                .resolve("b.jar"));
        Path a = named("lab.a", "lab.a", "A", "lab.a.proc").writeTo(Files.createDirectories(work.resolve("two"))
                .resolve("a-plugin.zip"));
        PluginReport report = discoverJars(List.of(b, a));
        assertEquals(List.of("lab.b.proc", "lab.a.proc"),
                report.loaded().stream().map(p -> p.description().id().value()).toList());
        assertEquals(PluginDiscoveryTest.sha256(a), report.loaded().get(1).description().hash().toString());
    }

    @Test
    void twoGivenJarsClaimingOneIdAreBothRejected() {
        Path one = named("lab.one", "lab.one", "P", "lab.same.proc").writeTo(work.resolve("one.jar"));
        Path two = named("lab.two", "lab.two", "P", "lab.same.proc").writeTo(work.resolve("two.jar"));
        PluginReport report = discoverJars(List.of(one, two));
        assertEquals(List.of(), report.loaded());
        assertEquals(List.of("lab.same.proc: duplicate_id: one.jar conflicts with two.jar",
                        "lab.same.proc: duplicate_id: two.jar conflicts with one.jar"),
                report.rejected().stream().map(Rejection::line).toList());
    }

    @Test
    void withoutBuiltinsABuiltinIdIsStillReserved() {
        Path jar = named("lab.fake", "lab.fake", "Fake", "capa.builtin.free_run").writeTo(work.resolve("fake.jar"));
        PluginReport report = discoverJars(List.of(jar));
        assertTrue(report.rejected().getFirst().line().startsWith("capa.builtin.free_run: reserved_id:"),
                report.rejected().toString());
    }
}
