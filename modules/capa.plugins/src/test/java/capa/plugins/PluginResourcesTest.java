package capa.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import capa.api.Problem;
import capa.api.Procedure;
import capa.base.PluginId;
import capa.base.PluginMode;
import capa.plugins.lock.LockState;
import capa.testkit.PluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running plugin reads its own resources, from the copy of its JAR that was hashed. */
class PluginResourcesTest {

    @TempDir
    Path modules;

    @TempDir
    Path work;

    /** A plugin whose preflight reports the text of its resource calibration.txt. */
    private PluginJar readsItsResource(String calibration) {
        String procedure = TestPlugins.procedure("lab.res", "Reader", TestPlugins.info("lab.res.reader"), "")
                .replace("return CompletableFuture.completedFuture(List.of());", """
                        try (var in = Reader.class.getResourceAsStream("/lab/res/calibration.txt")) {
                            return CompletableFuture.completedFuture(List.of(Problem.warning(
                                    in == null ? "no resource" : new String(in.readAllBytes()))));
                        } catch (java.io.IOException e) {
                            return CompletableFuture.failedFuture(e);
                        }""");
        return PluginJar.builder()
                .moduleInfo("module lab.res { requires capa.api; provides capa.api.Procedure with lab.res.Reader; }")
                .source("lab/res/Reader.java", procedure)
                .resource("lab/res/calibration.txt", calibration);
    }

    private String preflightMessage(LoadedPlugin loaded) throws Exception {
        @SuppressWarnings("unchecked")
        Procedure<Record> procedure = (Procedure<Record>) loaded.newInstance();
        loaded.exportConfigurationTo(PluginResourcesTest.class.getModule());
        Record config = (Record) loaded.configType().getConstructors()[0].newInstance(1);
        List<Problem> problems = procedure.preflight(null, config).toCompletableFuture().join();
        return problems.get(0).message();
    }

    @Test
    void aRunningPluginReadsItsResourceFromTheHashedCopyEvenAfterTheFileIsSwapped() throws Exception {
        Path jar = readsItsResource("gain=1.00").writeTo(modules.resolve("res.jar"));
        PluginReport report = PluginDiscovery.discover(new DiscoveryRequest(List.of(modules), PluginMode.DEV,
                new LockState.Absent(List.of()), false, DiscoveryRequest.Use.RUN));
        LoadedPlugin loaded = report.loaded(PluginId.parse("lab.res.reader")).orElseThrow(
                () -> new AssertionError(report.toString()));

        readsItsResource("gain=9.99 (swapped on disk)").writeTo(work.resolve("res.jar"));
        Files.copy(work.resolve("res.jar"), jar, StandardCopyOption.REPLACE_EXISTING);

        assertEquals("gain=1.00", preflightMessage(loaded));
    }
}
