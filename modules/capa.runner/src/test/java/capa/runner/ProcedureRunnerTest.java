package capa.runner;

import static capa.runner.TestProcedures.manifest;
import static capa.runner.TestProcedures.resolver;
import static capa.runner.TestProcedures.runDirectories;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.api.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcedureRunnerTest {

    private static final Pattern TIMESTAMP_WITH_OFFSET =
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d");

    @Test
    void aCompletedRunLeavesASucceededManifestItsOutputsAndItsLog(@TempDir Path root) throws Exception {
        var h = new TestProcedures.Harness(root, resolver());
        ActiveRun run = h.started("lab.test.writes", Map.of("text", "he said \"hi\"\n"));
        assertInstanceOf(Outcome.Succeeded.class, run.awaitOutcome());
        String manifest = manifest(run.directory());
        assertAll(
                () -> assertTrue(manifest.contains("\"run_id\": \"" + run.runId() + "\""), manifest),
                () -> assertTrue(manifest.contains("\"procedure\": \"lab.test.writes\""), manifest),
                () -> assertTrue(manifest.contains("\"status\": \"succeeded\""), manifest),
                () -> assertTrue(manifest.contains("\"plugin_mode\": \"production\""), manifest),
                () -> assertTrue(manifest.contains("\"text\": \"he said \\\"hi\\\"\\n\""), manifest),
                () -> assertTrue(manifest.contains("\"entry_point\": \"lab.test/lab.test.writes\""), manifest),
                () -> assertTrue(manifest.contains("\"hash\": \"sha256:abab"), manifest),
                () -> assertTrue(manifest.contains("\"path\": \"/etc/capa/plugins.lock\""), manifest),
                () -> assertTrue(manifest.contains("\"severity\": \"warning\""), manifest),
                () -> assertEquals(2, TIMESTAMP_WITH_OFFSET.matcher(manifest).results().count(), manifest),
                () -> assertEquals("he said \"hi\"\n", Files.readString(run.directory().resolve("outputs/out.txt"))),
                () -> assertTrue(Files.readString(run.directory().resolve("run.log")).contains("wrote he said")),
                () -> assertTrue(h.out().contains("INFO     [lab.test.writes] wrote he said \"hi\"\\n"), h.out()),
                () -> assertTrue(h.out().contains("PROGRESS [lab.test.writes] 100% done"), h.out()),
                () -> assertTrue(h.out().contains("WARN     [lab.test.writes] preflight: warning: bath not calibrated"),
                        h.out()));
    }

    @Test
    void runIdsSortByStartTime(@TempDir Path root) throws Exception {
        var h = new TestProcedures.Harness(root, resolver());
        ActiveRun first = h.started("capa.builtin.free_run", Map.of("duration_s", 0L));
        first.awaitOutcome();
        ActiveRun second = h.started("capa.builtin.free_run", Map.of("duration_s", 0L));
        second.awaitOutcome();
        assertTrue(first.runId().matches("\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{6}"), first.runId());
        assertTrue(first.runId().compareTo(second.runId()) < 0 || first.runId().substring(0, 19)
                .equals(second.runId().substring(0, 19)), first.runId() + " " + second.runId());
    }

    @Test
    void anExceptionFromPluginCodeIsAFailureOfThatProcedureWithoutAStackTrace(@TempDir Path root) throws Exception {
        var h = new TestProcedures.Harness(root, resolver());
        ActiveRun run = h.started("lab.test.throws", Map.of());
        Outcome outcome = run.awaitOutcome();
        assertEquals(new Outcome.Failed(run.runId(), "pump 2 did not prime"), outcome);
        String manifest = manifest(run.directory());
        assertTrue(manifest.contains("\"status\": \"failed\""), manifest);
        assertTrue(manifest.contains("\"message\": \"pump 2 did not prime\""), manifest);
        assertFalse(h.out().contains("\tat "), h.out());
        assertFalse(h.err().contains("\tat "), h.err());
        assertTrue(Files.readString(run.directory().resolve("run.log")).contains("\tat "),
                "the record keeps the trace");
    }

    @Test
    void verboseShowsTheStackTrace(@TempDir Path root) throws Exception {
        var h = new TestProcedures.Harness(root, resolver(), Duration.ofSeconds(10), true);
        h.started("lab.test.throws", Map.of()).awaitOutcome();
        assertTrue(h.err().contains("java.lang.IllegalStateException: pump 2 did not prime"), h.err());
        assertTrue(h.err().contains("\tat "), h.err());
    }

    @Test
    void aBlockingPreflightProblemStopsTheRunBeforeItStarts(@TempDir Path root) throws Exception {
        TestProcedures.Blocks.ran = false;
        var h = new TestProcedures.Harness(root, resolver());
        ActiveRun run = h.started("lab.test.blocks", Map.of());
        assertEquals(new Outcome.Blocked(run.runId(), List.of("lid is open")), run.awaitOutcome());
        assertFalse(TestProcedures.Blocks.ran);
        String manifest = manifest(run.directory());
        assertTrue(manifest.contains("\"status\": \"refused\""), manifest);
        assertTrue(manifest.contains("\"message\": \"lid is open\""), manifest);
        assertTrue(h.out().contains("preflight: blocking: lid is open"), h.out());
        assertTrue(h.out().contains("preflight: warning: door ajar"), h.out());
    }

    @Test
    void aRunThatNeverCompletesIsRecordedAsRunningThenCancelledOnInterrupt(@TempDir Path root) throws Exception {
        TestProcedures.Hangs.started = new CountDownLatch(1);
        var h = new TestProcedures.Harness(root, resolver(), Duration.ZERO, false);
        ActiveRun run = h.started("lab.test.hangs", Map.of());
        assertTrue(TestProcedures.Hangs.started.await(60, TimeUnit.SECONDS), "the procedure never started");
        assertTrue(manifest(run.directory()).contains("\"status\": \"running\""));
        assertTrue(manifest(run.directory()).contains("\"ended_at\": null"));
        assertEquals(new Outcome.Cancelled(run.runId()), run.interrupt());
        String manifest = manifest(run.directory());
        assertTrue(manifest.contains("\"status\": \"cancelled\""), manifest);
        assertTrue(manifest.contains("did not stop within 0 s"), manifest);
        try (Stream<Path> files = Files.list(run.directory())) {
            assertEquals(List.of("manifest.json", "outputs", "run.log"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left");
        }
    }

    @Test
    void aRunWhoseCodeHoldsTheThreadStillStartsAndIsRecordedAsCancelledOnInterrupt(@TempDir Path root)
            throws Exception {
        TestProcedures.HoldsTheThread.started = new CountDownLatch(1);
        var h = new TestProcedures.Harness(root, resolver(), Duration.ZERO, false);
        ActiveRun run = h.started("lab.test.holds", Map.of());
        assertTrue(TestProcedures.HoldsTheThread.started.await(60, TimeUnit.SECONDS), "the procedure never started");
        assertEquals(new Outcome.Cancelled(run.runId()), run.interrupt());
        assertTrue(manifest(run.directory()).contains("\"status\": \"cancelled\""));
    }

    @Test
    void aProviderWhoseConstructorThrowsFailsWithThePluginsOwnMessage(@TempDir Path root) throws Exception {
        var h = new TestProcedures.Harness(root, resolver());
        ActiveRun run = h.started("lab.test.unbuildable", Map.of());
        assertEquals(new Outcome.Failed(run.runId(), "no hardware attached"), run.awaitOutcome());
        assertTrue(Files.readString(run.directory().resolve("run.log")).contains("could not be instantiated"),
                "the log keeps the whole chain");
    }

    @Test
    void aProcedureThatStopsWhenCancelledIsRecordedAsCancelled(@TempDir Path root) throws Exception {
        var h = new TestProcedures.Harness(root, resolver());
        ActiveRun run = h.started("capa.builtin.free_run", Map.of());
        // The procedure runs on its own thread: wait until it is under way, not just recorded.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!h.out().contains("free_run.started")) {
            assertTrue(System.nanoTime() < deadline, "free_run did not start: " + h.out());
            Thread.onSpinWait();
        }
        assertEquals(new Outcome.Cancelled(run.runId()), run.interrupt());
        assertTrue(manifest(run.directory()).contains("cancelled by the operator (interrupt)"));
        assertTrue(h.out().contains("free_run.ended: cancelled"), h.out());
    }

    @Test
    void anUntrustedIdIsRefusedWithoutARecord(@TempDir Path root) {
        var h = new TestProcedures.Harness(root, resolver("lab.test.writes"));
        var launch = h.runner.launch("lab.test.writes", Map.of("text", "x"));
        var refused = assertInstanceOf(ProcedureRunner.Launch.Refused.class, launch);
        assertTrue(refused.reason().startsWith("procedure 'lab.test.writes' is not in the trusted registry"));
        assertFalse(Files.exists(root) && runDirectories(root).size() > 0);
    }

    @Test
    void anInvalidConfigurationIsRefusedWithoutARecordNamingEachKey(@TempDir Path root) {
        var h = new TestProcedures.Harness(root, resolver());
        var launch = h.runner.launch("lab.test.writes", Map.of("txt", "x"));
        var invalid = assertInstanceOf(ProcedureRunner.Launch.Invalid.class, launch);
        assertEquals("invalid configuration for lab.test.writes:\n  txt: unknown key; the parameters are text\n"
                + "  text: missing required value (string)", invalid.message());
        assertFalse(Files.exists(root) && runDirectories(root).size() > 0);
    }
}
