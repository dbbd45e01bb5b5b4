package capa.builtin;

import capa.api.Problem;
import capa.api.Procedure;
import capa.api.ProcedureContext;
import capa.api.ProcedureInfo;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A record-only run: nothing is driven, the run exists to be recorded (a rig's idle baseline,
 * a logging session). It ends after {@code duration_s}, or when cancelled.
 */
@ProcedureInfo(id = "capa.builtin.free_run", name = "Free run",
        description = "Record-only run: waits duration_s seconds (or until cancelled) and records it.")
public final class FreeRun implements Procedure<FreeRun.Config> {

    /**
     * @param duration_s how long to run, in seconds; null runs until cancelled, 0 ends at once
     */
    public record Config(Double duration_s) {
    }

    @Override
    public CompletionStage<List<Problem>> preflight(ProcedureContext context, Config config) {
        if (config.duration_s() != null && (config.duration_s() < 0 || config.duration_s().isNaN())) {
            return CompletableFuture.completedFuture(
                    List.of(Problem.blocking("duration_s must be 0 or more seconds")));
        }
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<Void> run(ProcedureContext context, Config config) {
        context.log().info("free_run.started");
        CompletableFuture<String> stopped = new CompletableFuture<>();
        context.cancellation().whenCancelled().thenRun(() -> stopped.complete("cancelled"));
        if (config.duration_s() != null) {
            long millis = Math.round(config.duration_s() * 1000);
            CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS)
                    .execute(() -> stopped.complete("duration elapsed"));
        }
        return stopped.thenAccept(reason -> context.log().info("free_run.ended: " + reason));
    }
}
