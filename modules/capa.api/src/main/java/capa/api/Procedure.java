package capa.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A lab procedure that capa can check, gate and run.
 *
 * <p>An implementation is a public, concrete class that carries {@link ProcedureInfo}, has a
 * public no-argument constructor (or a {@code public static provider()} method), and names
 * its configuration record as the type argument {@code C}. capa reads all of that without
 * running any of the plugin's code; only {@code capa run} ever instantiates a procedure.
 *
 * <p>Both methods are asynchronous: they return at once and complete their stage when the
 * work is done. A procedure must observe {@link ProcedureContext#cancellation()} and finish
 * promptly once it is cancelled.
 *
 * @param <C> the configuration record; its components are the procedure's typed parameters
 */
public interface Procedure<C extends Record> {

    /**
     * Checks that the procedure can run with this configuration on this rig, before anything
     * moves. Returns every problem found, not just the first; an empty list means ready.
     *
     * @param context the run's context (log, progress, cancellation, output directory)
     * @param config the bound configuration
     * @return a stage that completes with the problems found; any problem whose
     *     {@link Problem#blocking()} is true stops the run
     */
    CompletionStage<List<Problem>> preflight(ProcedureContext context, C config);

    /**
     * Runs the procedure. The stage completes normally when the procedure has finished, and
     * exceptionally when it failed; its exception's message is shown to the operator.
     *
     * @param context the run's context (log, progress, cancellation, output directory)
     * @param config the bound configuration, the same one {@link #preflight} checked
     * @return a stage that completes when the procedure has finished
     */
    CompletionStage<Void> run(ProcedureContext context, C config);
}
