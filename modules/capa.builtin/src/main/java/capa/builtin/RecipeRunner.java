package capa.builtin;

import capa.api.Outcome;
import capa.api.Problem;
import capa.api.Procedure;
import capa.api.ProcedureContext;
import capa.api.ProcedureInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs a recipe: an ordered list of steps, each naming a procedure and its configuration.
 * Every step is a nested run, gated like a top-level run; preflight checks every step's id
 * first, so that an untrusted step stops the recipe before its first step moves anything.
 */
@ProcedureInfo(id = "capa.builtin.recipe_runner", name = "Recipe runner",
        description = "Runs an ordered list of steps, each a procedure with its configuration; "
                + "stops at the first failed step unless that step says continue_on_failure.")
public final class RecipeRunner implements Procedure<RecipeRunner.Config> {

    /**
     * @param steps the steps, in order
     */
    public record Config(List<Step> steps) {
    }

    /**
     * One step of a recipe.
     *
     * @param procedure the id of the procedure to run
     * @param config its configuration
     * @param continue_on_failure whether the recipe goes on when this step fails; absent: false
     */
    public record Step(String procedure, Map<String, Object> config, Boolean continue_on_failure) {

        boolean continues() {
            return continue_on_failure != null && continue_on_failure;
        }
    }

    @Override
    public CompletionStage<List<Problem>> preflight(ProcedureContext context, Config config) {
        List<Problem> problems = new ArrayList<>();
        if (config.steps().isEmpty()) {
            problems.add(Problem.blocking("steps: a recipe needs at least one step"));
        }
        for (int i = 0; i < config.steps().size(); i++) {
            Step step = config.steps().get(i);
            String where = "step " + (i + 1) + " of " + config.steps().size();
            if (step.procedure().isBlank()) {
                problems.add(Problem.blocking(where + ": name a procedure"));
                continue;
            }
            context.refusalFor(step.procedure()).ifPresent(
                    reason -> problems.add(Problem.blocking(where + " (" + step.procedure() + "): " + reason)));
        }
        return CompletableFuture.completedFuture(problems);
    }

    @Override
    public CompletionStage<Void> run(ProcedureContext context, Config config) {
        return Sequential.run(context, "recipe", () -> runSteps(context, config));
    }

    private static void runSteps(ProcedureContext context, Config config) {
        List<Step> steps = config.steps();
        int n = steps.size();
        List<String> summary = new ArrayList<>();
        RuntimeException stop = null;
        int continued = 0;
        context.log().info("recipe.started: " + n + " step" + (n == 1 ? "" : "s"));
        for (int i = 0; i < n && stop == null; i++) {
            Step step = steps.get(i);
            String label = "step " + (i + 1) + "/" + n + " " + step.procedure();
            if (context.cancellation().isCancelled()) {
                stop = new CancellationException("recipe cancelled before " + label);
                break;
            }
            Outcome outcome = context.runProcedure(step.procedure(), step.config()).toCompletableFuture().join();
            context.progress((double) (i + 1) / n, label + ": " + outcome.summary());
            switch (outcome) {
                case Outcome.Succeeded _ -> summary.add(label + ": " + outcome.summary());
                case Outcome.Cancelled _ -> {
                    summary.add(label + ": " + outcome.summary());
                    stop = new CancellationException(label + " was cancelled");
                }
                // A refusal is a wrong recipe, not a failed step: never continued past.
                case Outcome.Refused _ -> {
                    summary.add(label + ": " + outcome.summary());
                    stop = new IllegalStateException(label + " " + outcome.summary());
                }
                case Outcome.Failed _, Outcome.Blocked _ -> {
                    if (step.continues()) {
                        continued++;
                        summary.add(label + ": " + outcome.summary() + " (continue_on_failure)");
                        context.log().warn(label + " " + outcome.summary() + "; continuing (continue_on_failure)");
                    } else {
                        summary.add(label + ": " + outcome.summary());
                        stop = new IllegalStateException(label + " " + outcome.summary());
                    }
                }
            }
        }
        for (int i = summary.size(); i < n; i++) {
            summary.add("step " + (i + 1) + "/" + n + " " + steps.get(i).procedure() + ": not run");
        }
        context.log().info("recipe.summary:");
        summary.forEach(line -> context.log().info("  " + line));
        if (stop != null) {
            throw stop;
        }
        context.log().info("recipe.ended: " + n + " step" + (n == 1 ? "" : "s") + " run"
                + (continued == 0 ? "" : ", " + continued + " failed and continued past"));
    }
}
