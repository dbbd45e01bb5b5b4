package capa.runner;

import capa.api.Cancellation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A run's cancellation: set once, by Ctrl-C or by the enclosing run. */
final class CancellationSignal implements Cancellation {

    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();

    void cancel() {
        cancelled.complete(null);
    }

    @Override
    public boolean isCancelled() {
        return cancelled.isDone();
    }

    @Override
    public CompletionStage<Void> whenCancelled() {
        // A minimal stage, so that a procedure cannot complete (or cancel) the signal itself.
        return cancelled.minimalCompletionStage();
    }
}
