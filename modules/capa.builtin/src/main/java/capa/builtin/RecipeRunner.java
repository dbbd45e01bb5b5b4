package capa.builtin;

import capa.api.Problem;
import capa.api.Procedure;
import capa.api.ProcedureContext;
import capa.api.ProcedureInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs a recipe: an ordered list of steps, each naming a procedure and its configuration.
 */
@ProcedureInfo(id = "capa.builtin.recipe_runner", name = "Recipe runner",
        description = "Runs an ordered list of steps, each a procedure with its configuration.")
public final class RecipeRunner implements Procedure<RecipeRunner.Config> {

    /**
     * @param steps the steps, in order; each a table with {@code procedure}, {@code config}
     *     and optionally {@code continue_on_failure}
     */
    public record Config(List<Map<String, Object>> steps) {
    }

    @Override
    public CompletionStage<List<Problem>> preflight(ProcedureContext context, Config config) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<Void> run(ProcedureContext context, Config config) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException("capa.builtin.recipe_runner needs capa run"));
    }
}
