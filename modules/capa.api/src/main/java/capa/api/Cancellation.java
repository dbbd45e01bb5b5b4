package capa.api;

import java.util.concurrent.CompletionStage;

/**
 * A run's cancellation signal. Once set it stays set.
 */
public interface Cancellation {

    /**
     * Whether the run has been asked to stop.
     *
     * @return true once cancelled
     */
    boolean isCancelled();

    /**
     * A stage that completes when the run is cancelled; it never completes exceptionally.
     * Useful to race a wait against cancellation.
     *
     * @return the cancellation stage
     */
    CompletionStage<Void> whenCancelled();
}
