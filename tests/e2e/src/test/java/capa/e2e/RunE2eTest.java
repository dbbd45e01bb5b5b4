package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code capa run} and {@code capa describe} against the image, in dev and production. */
class RunE2eTest {

    static final String OFFSET_TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?\\+00:00";

    @TempDir
    static Path shared;

    /** Its static initialiser and constructor create {@code ./marker-ran}: plugin code ran. */
    static Path marker;
    /** Completes at once. */
    static Path quick;
    /** Its run() throws. */
    static Path thrower;
    /** Its constructor throws. */
    static Path unbuildable;
    /** Its run() returns a stage that fails. */
    static Path failer;
    /** Its run() returns a stage that never completes, and ignores cancellation. */
    static Path forever;
    /** Its run() never returns: it blocks the calling thread and ignores interrupts. */
    static Path blocker;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildPlugins() throws IOException {
        Path built = Files.createDirectories(shared.resolve("built"));
        // No exception swallowed: a marker that cannot be written fails the plugin loudly.
        String touch = "try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"marker-ran\"), \"ran\","
                + " java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND); }"
                + " catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }";
        marker = TestPlugins.procedure(built, "marker", "1.0.0", "Integer n", """
                return CompletableFuture.completedFuture(null);""",
                "static { %1$s } public Proc() { %1$s }".formatted(touch));
        quick = TestPlugins.quick(built, "quick", "2.1.0");
        thrower = TestPlugins.procedure(built, "thrower", "1.0.0", "", """
                context.log().info("starting the pump");
                throw new IllegalStateException("the pump jammed at 3 bar");""", "");
        unbuildable = TestPlugins.procedure(built, "unbuildable", "1.0.0", "", """
                return CompletableFuture.completedFuture(null);""",
                "public Proc() { throw new IllegalStateException(\"no hardware attached on COM3\"); }");
        failer = TestPlugins.procedure(built, "failer", "1.0.0", "", """
                return CompletableFuture.failedFuture(new RuntimeException("no signal from the reader"));""", "");
        forever = TestPlugins.procedure(built, "forever", "1.0.0", "", """
                context.log().info("waiting for ever");
                return new CompletableFuture<>();""", "");
        blocker = TestPlugins.procedure(built, "blocker", "1.0.0", "", """
                context.log().info("blocking for ever");
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException ignored) {
                        // deliberately deaf: a badly written plugin
                    }
                }""", "");
    }

    private Path modules(Path... jars) {
        return TestPlugins.modules(dir.resolve("modules"), jars);
    }

    private Map<String, String> dev() {
        return Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
    }

    private Map<String, String> production() {
        return Map.of("CAPA_PLUGIN_MODE", "production", "XDG_CONFIG_HOME", dir.resolve("xdg").toString());
    }

    private Capa.Call capa(Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (Files.isDirectory(dir.resolve("modules"))) {
            all.addAll(List.of("--modules", dir.resolve("modules").toString()));
        }
        return Capa.capa(all.toArray(String[]::new)).in(dir).env(environment);
    }

    private Path runs() {
        return dir.resolve("runs");
    }

    private void trust(String id) {
        Capa.Result trusted = capa(dev(), "plugins", "trust", id, "--reason", "test").run();
        assertEquals(0, trusted.exitCode(), trusted::toString);
    }

    private static void assertNoStackTrace(Capa.Result result) {
        assertFalse(result.err().contains("\tat ") || result.out().contains("\tat "), result::toString);
    }

    // --- the examples, in dev

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES) // the examples hold and cool down for seconds on purpose
    void everyExampleRunConfigurationSucceedsInDev() throws IOException {
        Path examples = Path.of(System.getProperty("capa.examples", "../../examples")).resolve("runs");
        List<String> names = List.of("free-run", "batch", "hold-setpoint", "recipe");
        // in parallel: they wait on purpose (seconds of holding and cooling down)
        List<Capa.Running> running = new ArrayList<>();
        for (String name : names) {
            Path in = Files.createDirectories(dir.resolve(name));
            running.add(Capa.capa("run", examples.resolve(name + ".toml").toString()).in(in).env(dev()).launch());
        }
        for (int i = 0; i < names.size(); i++) {
            Capa.Result result = running.get(i).await();
            String name = names.get(i);
            assertEquals(0, result.exitCode(), () -> name + ": " + result);
            Manifest top = Manifest.topLevel(dir.resolve(name).resolve("runs"));
            assertEquals("succeeded", top.status(), () -> name + ": " + top);
            assertEquals("dev", top.get("plugin_mode"));
            assertTrue(result.out().contains("run " + top.runId() + " succeeded; record: " + top.directory()),
                    result::toString);
        }
        Path holdRuns = dir.resolve("hold-setpoint/runs");
        Manifest hold = Manifest.topLevel(holdRuns);
        assertEquals("setpoint_c=37.0\nhold_s=3\n",
                Files.readString(hold.directory().resolve("outputs/hold-setpoint.txt")));
        assertAll(
                () -> assertEquals("capa.contrib.hold_setpoint", hold.get("plugins.procedure.id")),
                () -> assertEquals("capa.contrib", hold.get("plugins.procedure.package")),
                () -> assertEquals("0.3.1", hold.get("plugins.procedure.version")),
                () -> assertEquals("capa.contrib/capa.contrib.HoldSetpoint", hold.get("plugins.procedure.entry_point")),
                () -> assertEquals(TestPlugins.sha256(Capa.image().resolve("modules/capa-contrib-0.3.1.jar")),
                        hold.get("plugins.procedure.hash")),
                () -> assertEquals("37.0", hold.get("configuration.setpoint_c")),
                () -> assertEquals("3", hold.get("configuration.hold_s")),
                () -> assertTrue(hold.get("started_at").matches(OFFSET_TIMESTAMP), hold.get("started_at")),
                () -> assertTrue(hold.get("ended_at").matches(OFFSET_TIMESTAMP), hold.get("ended_at")),
                () -> assertEquals("null", hold.get("plugins.lock")));

        Manifest batch = Manifest.topLevel(dir.resolve("batch/runs"));
        List<Manifest> iterations = Manifest.all(dir.resolve("batch/runs")).stream()
                .filter(m -> !m.runId().equals(batch.runId())).toList();
        assertEquals(3, iterations.size());
        assertEquals("3", batch.get("child_runs.size"));
        for (Manifest iteration : iterations) {
            assertEquals("succeeded", iteration.status());
            assertEquals(batch.runId(), iteration.get("parent_run"));
            assertEquals("capa.builtin.free_run", iteration.get("procedure"));
        }

        Capa.Result recipe = running.get(3).await();
        assertTrue(recipe.out().contains("recipe.summary:"), recipe::toString);
        assertEquals(3, Manifest.all(dir.resolve("recipe/runs")).size() - 1, "one record per step");
    }

    @Test
    void describeListsAProceduresParametersAndTypes() {
        Capa.Result result = Capa.capa("describe", "capa.contrib.hold_setpoint").in(dir).env(dev()).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.outLines().stream().anyMatch(l -> l.matches("\\s+setpoint_c\\s+number\\s+required")),
                result::toString);
        assertTrue(result.outLines().stream().anyMatch(l -> l.matches("\\s+hold_s\\s+integer\\s+required")),
                result::toString);
        Capa.Result viaRun = Capa.capa("run", "--procedure", "capa.builtin.free_run", "--describe")
                .in(dir).env(dev()).run();
        assertEquals(0, viaRun.exitCode(), viaRun::toString);
        assertTrue(viaRun.out().contains("duration_s"), viaRun::toString);
        assertFalse(Files.exists(runs()), "describe made a run record");
    }

    // --- production gating

    @Test
    void productionRunsAPluginTheLockTrustsAndRecordsWhichBytesRan() {
        modules(quick);
        trust("lab.quick.proc");
        Capa.Result result = capa(production(), "run", "--procedure", "lab.quick.proc").run();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("[lab.quick.proc] quick ran"), result::toString);
        Manifest manifest = Manifest.topLevel(runs());
        String hash = TestPlugins.sha256(quick);
        assertAll(
                () -> assertEquals("succeeded", manifest.status()),
                () -> assertEquals("production", manifest.get("plugin_mode")),
                () -> assertEquals("lab.quick.proc", manifest.get("procedure")),
                () -> assertEquals("lab.quick.proc", manifest.get("plugins.procedure.id")),
                () -> assertEquals("lab.quick", manifest.get("plugins.procedure.package")),
                () -> assertEquals("2.1.0", manifest.get("plugins.procedure.version")),
                () -> assertEquals("lab.quick/lab.quick.Proc", manifest.get("plugins.procedure.entry_point")),
                () -> assertEquals(hash, manifest.get("plugins.procedure.hash")),
                () -> assertEquals(dir.resolve("plugins.lock").toRealPath().toString(), manifest.get("plugins.lock.path")),
                () -> assertEquals("lab.quick.proc", manifest.get("plugins.lock.entries.0.id")),
                () -> assertEquals(hash, manifest.get("plugins.lock.entries.0.hash")),
                () -> assertEquals("4", manifest.get("plugins.loaded.size")));
    }

    @Test
    void theMarkerAppearsWhenThePluginRuns() {
        // The control for every "no marker" assertion here: run in dev runs the marker plugin.
        modules(marker);
        Capa.Result result = capa(dev(), "run", "--procedure", "lab.marker.proc", "--set", "n=1").run();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(Files.exists(dir.resolve("marker-ran")), "the marker plugin ran and left no marker");
    }

    @Test
    void productionWithoutALockRefusesBeforeAnyPluginCodeRuns() {
        modules(marker);
        for (String id : List.of("lab.marker.proc", "capa.builtin.free_run")) {
            Capa.Result result = capa(production(), "run", "--procedure", id, "--set", "n=1").run();
            assertEquals(2, result.exitCode(), result::toString);
            assertEquals("capa: production plugin mode requires a plugins.lock; pass --plugins-lock or place one at "
                    + dir.resolve("plugins.lock") + " or " + dir.resolve("xdg/capa/plugins.lock") + "\n", result.err());
            assertEquals("", result.out());
        }
        assertFalse(Files.exists(dir.resolve("marker-ran")), "plugin code ran");
        assertFalse(Files.exists(runs()), "a refused run left a record");
    }

    @Test
    void productionRefusesAPluginWhoseJarNoLongerMatchesTheLock() throws IOException {
        Path modules = modules(marker);
        trust("lab.marker.proc");
        Files.delete(modules.resolve(marker.getFileName()));
        TestPlugins.withExtraBytes(marker, modules);
        Capa.Result result = capa(production(), "run", "--procedure", "lab.marker.proc", "--set", "n=1").run();
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("capa: procedure 'lab.marker.proc' is not in the trusted registry"
                + " (mode=production); available: capa.builtin.free_run, capa.builtin.recipe_runner,"
                + " capa.builtin.batch"), result::toString);
        assertTrue(result.err().lines().anyMatch(l -> l.strip().equals("lab.marker.proc: HASH_MISMATCH")),
                result::toString);
        assertNoStackTrace(result);
        assertFalse(Files.exists(dir.resolve("marker-ran")), "plugin code ran");
        assertFalse(Files.exists(runs()), "a refused run left a record");
    }

    @Test
    void aRecipeCannotSmuggleAnUntrustedProcedureIntoProduction() throws IOException {
        modules(marker);
        Files.writeString(dir.resolve("plugins.lock"), "version = 1\n");
        Files.writeString(dir.resolve("recipe.toml"), """
                procedure = "capa.builtin.recipe_runner"

                [[config.steps]]
                procedure = "capa.builtin.free_run"
                config = { duration_s = 0 }

                [[config.steps]]
                procedure = "lab.marker.proc"
                config = { n = 1 }
                """);
        Capa.Result result = capa(production(), "run", "recipe.toml").run();
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.toString().contains("procedure 'lab.marker.proc' is not in the trusted registry (mode=production)"),
                result::toString);
        assertNoStackTrace(result);
        assertFalse(Files.exists(dir.resolve("marker-ran")), "plugin code ran");
        Manifest recipe = Manifest.topLevel(runs());
        assertEquals("refused", recipe.status());
        assertEquals("0", recipe.get("child_runs.size"), "a step ran before the untrusted one was found");
        assertEquals(1, Manifest.all(runs()).size());
    }

    @Test
    void aBatchCannotSmuggleAnUntrustedProcedureIntoProduction() throws IOException {
        modules(marker);
        Files.writeString(dir.resolve("plugins.lock"), "version = 1\n");
        Files.writeString(dir.resolve("batch.toml"), """
                procedure = "capa.builtin.batch"

                [config]
                inner = "lab.marker.proc"
                iterations = 2
                config = { n = 1 }
                """);
        Capa.Result result = capa(production(), "run", "batch.toml").run();
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.toString().contains("procedure 'lab.marker.proc' is not in the trusted registry (mode=production)"),
                result::toString);
        assertNoStackTrace(result);
        assertFalse(Files.exists(dir.resolve("marker-ran")), "plugin code ran");
        assertEquals(1, Manifest.all(runs()).size(), "an iteration ran");
        assertEquals("refused", Manifest.topLevel(runs()).status());
    }

    // --- configuration

    @Test
    void configurationErrorsExitTwoNamingTheKeyAndRunNothing() throws IOException {
        record Case(List<String> args, String expected) {
        }
        Files.writeString(dir.resolve("wrong-type.toml"), """
                procedure = "capa.contrib.hold_setpoint"

                [config]
                setpoint_c = 37.0
                hold_s = "ten minutes"
                """);
        List<Case> cases = List.of(
                new Case(List.of("--procedure", "capa.contrib.hold_setpoint", "--set", "hold_s=1"), "setpoint_c"),
                new Case(List.of("--procedure", "capa.contrib.hold_setpoint", "--set", "hold_s=1",
                        "--set", "setpoint_c=37", "--set", "colour=blue"), "colour"),
                new Case(List.of("--procedure", "capa.contrib.hold_setpoint", "--set", "hold_s=soon",
                        "--set", "setpoint_c=37"), "hold_s"),
                new Case(List.of("wrong-type.toml"), "hold_s"));
        for (Case c : cases) {
            List<String> args = new ArrayList<>(List.of("run"));
            args.addAll(c.args());
            Capa.Result result = Capa.capa(args.toArray(String[]::new)).in(dir).env(dev()).run();
            assertEquals(2, result.exitCode(), () -> c + ": " + result);
            assertTrue(result.err().lines().anyMatch(l -> l.strip().startsWith(c.expected())),
                    () -> c + ": " + result);
            assertNoStackTrace(result);
        }
        assertTrue(Manifest.all(runs()).stream().noneMatch(m -> m.status().equals("succeeded")),
                "a run with a bad configuration succeeded");
    }

    // --- failures

    @Test
    void aBlockingPreflightProblemStopsTheRunBeforeItMovesAnything() {
        Capa.Result result = Capa.capa("run", "--procedure", "capa.contrib.hold_setpoint",
                "--set", "setpoint_c=120", "--set", "hold_s=1").in(dir).env(dev()).run();
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.out().contains("preflight: blocking: setpoint_c 120.0 is above the bath's 95.0 C limit"),
                result::toString);
        assertFalse(result.out().contains("holding"), result::toString);
        assertNoStackTrace(result);
        Manifest manifest = Manifest.topLevel(runs());
        assertEquals("refused", manifest.status());
        assertEquals("blocking", manifest.get("preflight_problems.0.severity"));
    }

    @Test
    void aPluginThatThrowsFailsWithItsMessageAndATraceOnlyWhenAskedFor() throws IOException {
        modules(thrower);
        Capa.Result quiet = capa(dev(), "run", "--procedure", "lab.thrower.proc").run();
        assertEquals(1, quiet.exitCode(), quiet::toString);
        assertTrue(quiet.err().contains("the pump jammed at 3 bar"), quiet::toString);
        assertNoStackTrace(quiet);
        Manifest failed = Manifest.topLevel(runs());
        assertEquals("failed", failed.status());
        assertTrue(failed.get("message").contains("the pump jammed at 3 bar"), failed::toString);
        assertTrue(failed.get("ended_at").matches(OFFSET_TIMESTAMP), failed::toString);
        assertTrue(Files.readString(failed.directory().resolve("run.log")).contains("\tat "),
                "the run log keeps the trace");

        Capa.Result verbose = capa(dev(), "run", "--procedure", "lab.thrower.proc", "--verbose",
                "--runs-root", dir.resolve("verbose-runs").toString()).run();
        assertEquals(1, verbose.exitCode(), verbose::toString);
        assertTrue(verbose.err().contains("java.lang.IllegalStateException: the pump jammed at 3 bar"), verbose::toString);
        assertTrue(verbose.err().contains("\tat lab.thrower@1.0.0/lab.thrower.Proc.run("), verbose::toString);
        assertEquals("failed", Manifest.topLevel(dir.resolve("verbose-runs")).status());
    }

    @Test
    void aPluginWhoseConstructorThrowsFailsWithItsOwnMessage() {
        modules(unbuildable);
        Capa.Result result = capa(dev(), "run", "--procedure", "lab.unbuildable.proc").run();
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("failed: no hardware attached on COM3"), result::toString);
        assertNoStackTrace(result);
        assertEquals("failed", Manifest.topLevel(runs()).status());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // two batches of up to three iterations
    void aBatchWithFailingIterationsStopsAtTheFirstOrRunsThemAll() throws IOException {
        modules(failer);
        for (boolean failFast : List.of(true, false)) {
            Path root = dir.resolve("runs-" + failFast);
            Capa.Result result = capa(dev(), "run", "--procedure", "capa.builtin.batch", "--runs-root", root.toString(),
                    "--set", "inner=lab.failer.proc", "--set", "iterations=3", "--set", "cooldown_s=0",
                    "--set", "fail_fast=" + failFast).run();
            assertEquals(1, result.exitCode(), result::toString);
            assertNoStackTrace(result);
            Manifest batch = Manifest.topLevel(root);
            assertEquals("failed", batch.status());
            List<Manifest> iterations = Manifest.all(root).stream()
                    .filter(m -> m.get("parent_run").equals(batch.runId())).toList();
            assertEquals(failFast ? 1 : 3, iterations.size(), () -> "fail_fast=" + failFast + ": " + result);
            assertEquals(String.valueOf(iterations.size()), batch.get("child_runs.size"));
            for (Manifest iteration : iterations) {
                assertEquals("failed", iteration.status());
                assertTrue(iteration.get("message").contains("no signal from the reader"), iteration::toString);
            }
        }
    }

    // --- Ctrl-C

    /** Starts a run, waits until its manifest says running, sends SIGINT, returns the result. */
    private Capa.Result interrupted(String... args) {
        return interruptedOnceLogged("", args);
    }

    /** As {@link #interrupted(String...)}, waiting also for this text in the run's log. */
    private Capa.Result interruptedOnceLogged(String logged, String... args) {
        Capa.Running process = capa(dev(), args).launch();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!isRunning(logged)) {
            assertTrue(process.isAlive(), () -> "capa ended before it was interrupted: " + process.await());
            assertTrue(Instant.now().isBefore(deadline), "no manifest with status running within 60 s");
            pause();
        }
        process.signal("INT");
        return process.await();
    }

    /** The poll interval of a bounded wait for a file, not a wait for time to pass. */
    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private boolean isRunning(String logged) {
        try (var runs = Files.list(runs())) {
            return runs.filter(run -> Files.isRegularFile(run.resolve("manifest.json"))).anyMatch(run -> {
                try {
                    return Files.readString(run.resolve("manifest.json")).contains("\"status\": \"running\"")
                            && Files.readString(run.resolve("run.log")).contains(logged);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private void assertCancelled(Capa.Result result) {
        assertEquals(130, result.exitCode(), result::toString);
        assertNoStackTrace(result);
        Manifest manifest = Manifest.topLevel(runs());
        assertEquals("cancelled", manifest.status(), manifest::toString);
        assertTrue(manifest.get("ended_at").matches(OFFSET_TIMESTAMP), manifest::toString);
    }

    @Test
    void sigintCancelsAFreeRunWithoutAnEnd() {
        Capa.Result result = interruptedOnceLogged("free_run.started", "run", "--procedure", "capa.builtin.free_run");
        assertCancelled(result);
        assertTrue(result.out().contains("free_run.ended: cancelled"), result::toString);
    }

    @Test
    void sigintRightAfterTheRecordIsWrittenStillEndsCancelled() {
        assertCancelled(interrupted("run", "--procedure", "capa.builtin.free_run"));
    }

    @Test
    void sigintCancelsABatchAndTheIterationUnderWay() {
        Capa.Result result = interruptedOnceLogged("free_run.started", "run", "--procedure", "capa.builtin.batch",
                "--set", "inner=capa.builtin.free_run", "--set", "iterations=3");
        assertCancelled(result);
        List<Manifest> runs = Manifest.all(runs());
        assertEquals(2, runs.size(), "the batch and its first iteration");
        runs.forEach(run -> assertEquals("cancelled", run.status(), run::toString));
    }

    @Test
    void aKilledRunLeavesAWholeManifestSayingItDidNotFinish() {
        Capa.Running process = capa(dev(), "run", "--procedure", "capa.builtin.free_run").launch();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!isRunning("free_run.started")) {
            assertTrue(process.isAlive(), () -> "capa ended before it was killed: " + process.await());
            assertTrue(Instant.now().isBefore(deadline), "no manifest with status running within 60 s");
            pause();
        }
        process.signal("KILL");
        assertEquals(137, process.await().exitCode());
        Manifest manifest = Manifest.topLevel(runs());
        assertEquals("running", manifest.status());
        assertEquals("null", manifest.get("ended_at"));
    }

    @Test
    void sigintRecordsAPluginThatNeverCompletesAsCancelled() {
        modules(forever);
        assertCancelled(interrupted("run", "--procedure", "lab.forever.proc", "--cancel-grace-s", "1"));
    }

    @Test
    void sigintRecordsAPluginThatBlocksItsThreadAsCancelled() {
        modules(blocker);
        assertCancelled(interrupted("run", "--procedure", "lab.blocker.proc", "--cancel-grace-s", "1"));
    }
}
