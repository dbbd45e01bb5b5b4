package capa.builtin;

import capa.api.ProcedureContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a builtin's steps one after another on a virtual thread of its own, so that the steps
 * can simply wait for each nested run while {@code run} returns its stage at once.
 */
final class Sequential {

    /** Steps that wait for nested runs and cooldowns. */
    @FunctionalInterface
    interface Steps {
        void run() throws Exception;
    }

    private Sequential() {
    }

    static CompletionStage<Void> run(ProcedureContext context, String name, Steps steps) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().name("capa-" + name + "-" + context.runId()).start(() -> {
            try {
                steps.run();
                done.complete(null);
            } catch (Throwable failure) {
                done.completeExceptionally(failure);
            }
        });
        return done;
    }

    /** Waits {@code seconds}, or less if the run is cancelled meanwhile. */
    static void pause(ProcedureContext context, double seconds) throws InterruptedException {
        try {
            context.cancellation().whenCancelled().toCompletableFuture()
                    .get(Math.round(seconds * 1000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException elapsed) {
            // The cooldown ran out: the usual case.
        } catch (ExecutionException e) {
            throw new IllegalStateException("cancellation never fails", e);
        }
    }
}
