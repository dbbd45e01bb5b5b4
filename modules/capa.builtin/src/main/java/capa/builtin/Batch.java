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
 * Runs an inner procedure a number of times, with a cooldown between iterations.
 */
@ProcedureInfo(id = "capa.builtin.batch", name = "Batch",
        description = "Runs an inner procedure iterations times with cooldown_s seconds between.")
public final class Batch implements Procedure<Batch.Config> {

    /**
     * @param inner the inner procedure's id
     * @param config the inner procedure's configuration
     * @param iterations how many times to run it, 1 to 10000
     * @param cooldown_s seconds to wait between iterations
     * @param fail_fast whether the first failed iteration stops the batch
     */
    public record Config(String inner, Map<String, Object> config, int iterations,
                         double cooldown_s, Boolean fail_fast) {
    }

    @Override
    public CompletionStage<List<Problem>> preflight(ProcedureContext context, Config config) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<Void> run(ProcedureContext context, Config config) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException("capa.builtin.batch needs capa run"));
    }
}
