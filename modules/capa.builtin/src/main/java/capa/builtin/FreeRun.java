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
 * a logging session). It logs {@code free_run.started}, waits {@code duration_s} (absent:
 * until cancelled; 0: ends at once), and logs {@code free_run.ended} with what stopped it.
 */
@ProcedureInfo(id = "capa.builtin.free_run", name = "Free run",
        description = "Record-only run: waits duration_s seconds (absent: until cancelled) and records it.")
public final class FreeRun implements Procedure<FreeRun.Config> {

    /** What {@code free_run.ended} says when the duration ran out. */
    static final String ELAPSED = "duration elapsed";
    /** What {@code free_run.ended} says when the run was cancelled first. */
    static final String CANCELLED = "cancelled";

    /**
     * @param duration_s how long to run, in seconds; absent runs until cancelled, 0 ends at once
     */
    public record Config(Double duration_s) {
    }

    @Override
    public CompletionStage<List<Problem>> preflight(ProcedureContext context, Config config) {
        Double duration = config.duration_s();
        if (duration != null && !(duration >= 0 && Double.isFinite(duration))) {
            return CompletableFuture.completedFuture(
                    List.of(Problem.blocking("duration_s must be 0 or more seconds, not " + duration)));
        }
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<Void> run(ProcedureContext context, Config config) {
        Double duration = config.duration_s();
        context.log().info("free_run.started" + (duration == null
                ? " (until cancelled)" : " (duration_s=" + duration + ")"));
        CompletableFuture<String> stopped = new CompletableFuture<>();
        context.cancellation().whenCancelled().thenRun(() -> stopped.complete(CANCELLED));
        if (duration != null && duration == 0) {
            stopped.complete(ELAPSED);
        } else if (duration != null) {
            long millis = Math.round(duration * 1000);
            CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS)
                    .execute(() -> stopped.complete(ELAPSED));
        }
        return stopped.thenAccept(reason -> context.log().info("free_run.ended: " + reason));
    }
}
