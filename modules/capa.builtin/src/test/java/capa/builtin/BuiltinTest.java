package capa.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.api.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltinTest {

    @Test
    void freeRunWithZeroDurationEndsAtOnceAndSaysWhy() {
        FakeContext context = new FakeContext();
        new FreeRun().run(context, new FreeRun.Config(0.0)).toCompletableFuture().join();
        assertEquals(List.of("free_run.started (duration_s=0.0)", "free_run.ended: duration elapsed"), context.lines);
    }

    @Test
    void freeRunWithoutDurationRunsUntilCancelled() {
        FakeContext context = new FakeContext();
        var done = new FreeRun().run(context, new FreeRun.Config(null)).toCompletableFuture();
        assertEquals(List.of("free_run.started (until cancelled)"), context.lines);
        context.cancelled.complete(null);
        done.join();
        assertEquals("free_run.ended: cancelled", context.lines.getLast());
    }

    @Test
    void freeRunRefusesANegativeDuration() {
        List<Problem> problems = new FreeRun().preflight(new FakeContext(), new FreeRun.Config(-1.0))
                .toCompletableFuture().join();
        assertEquals(List.of(Problem.blocking("duration_s must be 0 or more seconds, not -1.0")), problems);
    }

    @Test
    void batchChecksIterationsCooldownAndItsInnerProcedure() {
        List<Problem> problems = new Batch().preflight(new FakeContext(),
                new Batch.Config("lab.x.untrusted", Map.of(), 10_001, -1.0, null)).toCompletableFuture().join();
        assertEquals(List.of(
                Problem.blocking("procedure 'lab.x.untrusted' is not in the trusted registry"),
                Problem.blocking("iterations must be from 1 to 10000, not 10001"),
                Problem.blocking("cooldown_s must be 0 or more seconds, not -1.0")), problems);
    }

    @Test
    void batchFailFastDefaultsToTrue() {
        assertTrue(new Batch.Config("a.b", Map.of(), 1, null, null).failFast());
    }

    @Test
    void recipeNeedsAtLeastOneStep() {
        List<Problem> problems = new RecipeRunner().preflight(new FakeContext(), new RecipeRunner.Config(List.of()))
                .toCompletableFuture().join();
        assertEquals(List.of(Problem.blocking("steps: a recipe needs at least one step")), problems);
    }

    @Test
    void recipeEndsWithAPerStepSummary() {
        FakeContext context = new FakeContext("capa.builtin.free_run");
        new RecipeRunner().run(context, new RecipeRunner.Config(List.of(
                new RecipeRunner.Step("capa.builtin.free_run", Map.of(), null),
                new RecipeRunner.Step("capa.builtin.free_run", Map.of(), null)))).toCompletableFuture().join();
        assertTrue(context.lines.contains("recipe.summary:"), context.lines::toString);
        assertTrue(context.lines.contains("  step 2/2 capa.builtin.free_run: succeeded (run child)"),
                context.lines::toString);
    }
}
