package capa.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.api.Problem;
import capa.api.Procedure;
import capa.base.DistributionHash;
import capa.base.PluginId;
import capa.base.PluginMode;
import capa.base.PluginCoordinates;
import capa.plugins.lock.LockState;
import capa.plugins.lock.Lockfile;
import capa.testkit.PluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery never runs plugin code, and loads exactly the bytes it hashed. */
class NoPluginCodeRunsTest {

    @TempDir
    Path modules;

    @TempDir
    Path work;

    private Path markerPlugin(Path marker) {
        // No exception swallowed: a marker that cannot be written fails the plugin loudly.
        String touch = "try { java.nio.file.Files.writeString(java.nio.file.Path.of(\""
                + marker.toString().replace("\\", "\\\\") + "\"), \"ran\", java.nio.file.StandardOpenOption.CREATE,"
                + " java.nio.file.StandardOpenOption.APPEND); }"
                + " catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }";
        return PluginJar.builder()
                .moduleInfo("module lab.marker { requires capa.api; provides capa.api.Procedure with lab.marker.Marker; }")
                .source("lab/marker/Marker.java", TestPlugins.procedure("lab.marker", "Marker",
                        TestPlugins.info("lab.marker.proc"),
                        "static { " + touch + " } public Marker() { " + touch + " }"))
                .moduleVersion("1.0.0")
                .writeTo(modules.resolve("marker.jar"));
    }

    @Test
    void neitherStaticInitialiserNorConstructorRunsInDevOrProduction() throws Exception {
        Path marker = work.resolve("marker");
        Path jar = markerPlugin(marker);
        PluginReport dev = PluginDiscovery.discover(new DiscoveryRequest(List.of(modules), PluginMode.DEV,
                new LockState.Absent(List.of()), false, DiscoveryRequest.Use.RUN));
        assertTrue(dev.loaded(PluginId.parse("lab.marker.proc")).isPresent(), dev::toString);
        assertFalse(Files.exists(marker), "dev discovery ran plugin code");

        PluginCoordinates trusted = new PluginCoordinates(PluginId.parse("lab.marker.proc"), "lab.marker", "1.0.0",
                "lab.marker/lab.marker.Marker", DistributionHash.parse(PluginDiscoveryTest.sha256(jar)));
        PluginReport production = PluginDiscovery.discover(new DiscoveryRequest(List.of(modules),
                PluginMode.PRODUCTION, new LockState.Loaded(work.resolve("plugins.lock"),
                new Lockfile(1, List.of(trusted))), false, DiscoveryRequest.Use.RUN));
        assertTrue(production.loaded(PluginId.parse("lab.marker.proc")).isPresent(), production::toString);
        assertFalse(Files.exists(marker), "production discovery ran plugin code");
        // The control: instantiating the procedure, as capa run does, leaves the marker.
        production.loaded(PluginId.parse("lab.marker.proc")).orElseThrow().newInstance();
        assertTrue(Files.exists(marker), "the marker plugin ran and left no marker");
    }

    @Test
    void aJarSwappedOnDiskAfterDiscoveryCannotChangeWhatLoads() throws Exception {
        String helper = "package lab.swap; public final class Message { public static String text() { return \"%s\"; } }";
        String procedure = TestPlugins.procedure("lab.swap", "Swap", TestPlugins.info("lab.swap.proc"), "")
                .replace("return CompletableFuture.completedFuture(List.of());",
                        "return CompletableFuture.completedFuture(List.of(Problem.warning(Message.text())));");
        Path jar = PluginJar.builder()
                .moduleInfo("module lab.swap { requires capa.api; exports lab.swap; provides capa.api.Procedure with lab.swap.Swap; }")
                .source("lab/swap/Swap.java", procedure)
                .source("lab/swap/Message.java", helper.formatted("the bytes that were hashed"))
                .writeTo(modules.resolve("swap.jar"));
        PluginReport report = PluginDiscovery.discover(new DiscoveryRequest(List.of(modules), PluginMode.DEV,
                new LockState.Absent(List.of()), false, DiscoveryRequest.Use.RUN));
        LoadedPlugin loaded = report.loaded(PluginId.parse("lab.swap.proc")).orElseThrow();

        // Swap the file; Message has not been loaded yet, so it must come from the hashed copy.
        PluginJar.builder()
                .moduleInfo("module lab.swap { requires capa.api; exports lab.swap; provides capa.api.Procedure with lab.swap.Swap; }")
                .source("lab/swap/Swap.java", procedure)
                .source("lab/swap/Message.java", helper.formatted("swapped on disk"))
                .writeTo(work.resolve("swap.jar"));
        Files.copy(work.resolve("swap.jar"), jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        @SuppressWarnings("unchecked")
        Procedure<Record> swapped = (Procedure<Record>) loaded.newInstance();
        Record config = (Record) loaded.configType().getConstructors()[0].newInstance(1);
        List<Problem> problems = swapped.preflight(null, config).toCompletableFuture().join();
        assertEquals("the bytes that were hashed", problems.get(0).message());
    }

    @Test
    void aPluginDiscoveredForInspectionCannotBeInstantiated() {
        TestPlugins.named("lab.good", "lab.good", "Good", "lab.good.proc").writeTo(modules.resolve("good.jar"));
        PluginReport report = PluginDiscovery.discover(new DiscoveryRequest(List.of(modules), PluginMode.DEV,
                new LockState.Absent(List.of()), false, DiscoveryRequest.Use.INSPECT));
        LoadedPlugin loaded = report.loaded(PluginId.parse("lab.good.proc")).orElseThrow();
        assertThrows(IllegalStateException.class, loaded::newInstance);
    }
}
