package capa.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What capa gives a procedure for one run: a log, a progress sink, cancellation, and a
 * directory for its outputs. capa implements this interface; plugins only use it.
 */
public interface ProcedureContext {

    /**
     * The id of this run, unique under the runs root; it names the run's record directory.
     *
     * @return the run id
     */
    String runId();

    /**
     * The log of this run. Lines reach the operator with a timestamp and are kept in the run
     * record.
     *
     * @return the run log
     */
    RunLog log();

    /**
     * Reports progress to the operator.
     *
     * @param fraction how much is done, from 0.0 to 1.0; values outside are clamped
     * @param message what is happening now, one line
     */
    void progress(double fraction, String message);

    /**
     * The run's cancellation signal, set when the operator interrupts the run (Ctrl-C) or an
     * enclosing procedure stops it.
     *
     * @return the cancellation signal
     */
    Cancellation cancellation();

    /**
     * The directory where the procedure writes its outputs. It exists when the run starts and
     * belongs to this run alone; capa records it in the run's manifest.
     *
     * @return the output directory
     */
    Path outputDirectory();

    /**
     * Runs another procedure by id as a nested run of this one, as {@code capa run} would run
     * it: the id goes through the same trust gating as a top-level run (in production mode,
     * only what {@code plugins.lock} trusts), the configuration is bound to the procedure's
     * record, then its preflight and run follow. The nested run gets its own run record, linked
     * to this run, and is cancelled when this run is cancelled.
     *
     * <p>The stage never completes exceptionally: every way the nested run can end, refusal
     * included, is an {@link Outcome}.
     *
     * @param procedureId the id of the procedure to run, such as {@code capa.builtin.free_run}
     * @param configuration its configuration: keys are the record's component names; values
     *     are strings, numbers, booleans, lists and maps, as a TOML table gives them
     * @return a stage that completes with the nested run's outcome
     */
    CompletionStage<Outcome> runProcedure(String procedureId, Map<String, Object> configuration);

    /**
     * Says whether {@link #runProcedure} would refuse this id at gating, without running
     * anything. Procedures that run others check every id in their preflight, so that an
     * untrusted step stops the run before anything moves.
     *
     * @param procedureId the id to check
     * @return the refusal that {@code runProcedure} would give, or empty if the id is runnable
     */
    Optional<String> refusalFor(String procedureId);
}
