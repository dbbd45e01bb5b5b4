package capa.runner;

import static capa.runner.TestProcedures.manifest;
import static capa.runner.TestProcedures.resolver;
import static capa.runner.TestProcedures.runDirectories;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.api.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** batch and recipe_runner through the real runner: nested records, gating, failure policy. */
class NestedRunTest {

    @Test
    void eachBatchIterationHasItsOwnRecordLinkedToTheBatch(@TempDir Path root) throws Exception {
        var h = new TestProcedures.Harness(root, resolver());
        ActiveRun batch = h.started("capa.builtin.batch", Map.of("inner", "capa.builtin.free_run",
                "config", Map.of("duration_s", 0L), "iterations", 3L));
        assertInstanceOf(Outcome.Succeeded.class, batch.awaitOutcome(), h::out);
        List<Path> runs = runDirectories(root);
        assertEquals(4, runs.size());
        String batchManifest = manifest(batch.directory());
        for (Path run : runs) {
            if (!run.equals(batch.directory())) {
                String child = manifest(run);
                assertTrue(child.contains("\"parent_run\": \"" + batch.runId() + "\""), child);
                assertTrue(child.contains("\"status\": \"succeeded\""), child);
                assertTrue(batchManifest.contains("\"" + run.getFileName() + "\""), batchManifest);
            }
        }
    }

    @Test
    void aFailFastBatchStopsAtTheFirstFailedIteration(@TempDir Path root) throws Exception {
        var h = new TestProcedures.Harness(root, resolver());
        ActiveRun batch = h.started("capa.builtin.batch", Map.of("inner", "lab.test.throws", "iterations", 5L));
        var failed = assertInstanceOf(Outcome.Failed.class, batch.awaitOutcome());
        assertTrue(failed.message().startsWith("iteration 1 of 5 failed: pump 2 did not prime"), failed.message());
        assertEquals(2, runDirectories(root).size(), "the batch and one iteration");
    }

    @Test
    void aBatchWithoutFailFastRunsEveryIterationAndThenFails(@TempDir Path root) throws Exception {
        var h = new TestProcedures.Harness(root, resolver());
        ActiveRun batch = h.started("capa.builtin.batch", Map.of("inner", "lab.test.throws",
                "iterations", 3L, "fail_fast", false, "cooldown_s", 0L));
        var failed = assertInstanceOf(Outcome.Failed.class, batch.awaitOutcome());
        assertEquals("3 of 3 iterations failed", failed.message());
        assertEquals(4, runDirectories(root).size());
    }

    @Test
    void aBatchRefusesToWrapABatch(@TempDir Path root) throws Exception {
        var h = new TestProcedures.Harness(root, resolver());
        ActiveRun batch = h.started("capa.builtin.batch", Map.of("inner", "capa.builtin.batch", "iterations", 2L));
        assertEquals(new Outcome.Blocked(batch.runId(), List.of("inner: a batch cannot wrap another batch")),
                batch.awaitOutcome());
    }

    @Test
    void aBatchOfAnUntrustedProcedureIsBlockedBeforeAnyIteration(@TempDir Path root) throws Exception {
        var h = new TestProcedures.Harness(root, resolver("lab.test.writes"));
        ActiveRun batch = h.started("capa.builtin.batch", Map.of("inner", "lab.test.writes",
                "config", Map.of("text", "x"), "iterations", 2L));
        var blocked = assertInstanceOf(Outcome.Blocked.class, batch.awaitOutcome());
        assertTrue(blocked.problems().getFirst().startsWith(
                "procedure 'lab.test.writes' is not in the trusted registry (mode=production)"), blocked::toString);
        assertEquals(1, runDirectories(root).size(), "no iteration ran");
    }

    @Test
    void aRecipeCannotSmuggleInAnUntrustedStep(@TempDir Path root) throws Exception {
        var h = new TestProcedures.Harness(root, resolver("lab.test.writes"));
        ActiveRun recipe = h.started("capa.builtin.recipe_runner", Map.of("steps", List.of(
                Map.of("procedure", "capa.builtin.free_run", "config", Map.of("duration_s", 0L)),
                Map.of("procedure", "lab.test.writes", "config", Map.of("text", "x")))));
        var blocked = assertInstanceOf(Outcome.Blocked.class, recipe.awaitOutcome());
        assertTrue(blocked.problems().getFirst().startsWith("step 2 of 2 (lab.test.writes): procedure "
                + "'lab.test.writes' is not in the trusted registry"), blocked::toString);
        assertTrue(blocked.problems().getFirst().contains("lab.test.writes: MISSING_FROM_LOCK"));
        assertEquals(1, runDirectories(root).size(), "not even the trusted first step ran");
    }

    @Test
    void aRecipeStopsAtTheFirstFailedStepAndSummarisesEveryStep(@TempDir Path root) throws Exception {
        var h = new TestProcedures.Harness(root, resolver());
        ActiveRun recipe = h.started("capa.builtin.recipe_runner", Map.of("steps", List.of(
                Map.of("procedure", "lab.test.throws"),
                Map.of("procedure", "capa.builtin.free_run", "config", Map.of("duration_s", 0L)))));
        var failed = assertInstanceOf(Outcome.Failed.class, recipe.awaitOutcome());
        assertTrue(failed.message().startsWith("step 1/2 lab.test.throws failed: pump 2 did not prime"),
                failed.message());
        assertTrue(h.out().contains("recipe.summary:"), h.out());
        assertTrue(h.out().contains("step 2/2 capa.builtin.free_run: not run"), h.out());
        assertEquals(2, runDirectories(root).size());
    }

    @Test
    void aRecipeGoesOnPastAStepMarkedContinueOnFailure(@TempDir Path root) throws Exception {
        var h = new TestProcedures.Harness(root, resolver());
        ActiveRun recipe = h.started("capa.builtin.recipe_runner", Map.of("steps", List.of(
                Map.of("procedure", "lab.test.throws", "continue_on_failure", true),
                Map.of("procedure", "capa.builtin.free_run", "config", Map.of("duration_s", 0L)))));
        assertInstanceOf(Outcome.Succeeded.class, recipe.awaitOutcome(), h::out);
        assertTrue(h.out().contains("step 1/2 lab.test.throws: failed: pump 2 did not prime"), h.out());
        assertTrue(h.out().contains("(continue_on_failure)"), h.out());
        assertTrue(h.out().contains("step 2/2 capa.builtin.free_run: succeeded"), h.out());
        assertEquals(3, runDirectories(root).size());
    }

    @Test
    void interruptingABatchCancelsTheIterationUnderWay(@TempDir Path root) throws Exception {
        TestProcedures.Hangs.started = new java.util.concurrent.CountDownLatch(1);
        var h = new TestProcedures.Harness(root, resolver());
        ActiveRun batch = h.started("capa.builtin.batch", Map.of("inner", "capa.builtin.free_run", "iterations", 2L));
        // free_run without duration_s runs until cancelled; wait until the first iteration exists.
        while (runDirectories(root).size() < 2) {
            Thread.onSpinWait();
        }
        assertEquals(new Outcome.Cancelled(batch.runId()), batch.interrupt());
        for (Path run : runDirectories(root)) {
            assertTrue(manifest(run).contains("\"status\": \"cancelled\""), manifest(run));
        }
    }
}
