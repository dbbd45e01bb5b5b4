package capa.api;

import java.nio.file.Path;

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
}
