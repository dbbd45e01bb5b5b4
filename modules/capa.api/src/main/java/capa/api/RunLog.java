package capa.api;

/**
 * A procedure's log. Each call is one line; capa adds the timestamp and the level.
 */
public interface RunLog {

    /**
     * Logs what the procedure is doing.
     *
     * @param message one line
     */
    void info(String message);

    /**
     * Logs something the operator should look at; the run goes on.
     *
     * @param message one line
     */
    void warn(String message);

    /**
     * Logs a failure the procedure is about to report.
     *
     * @param message one line
     */
    void error(String message);
}
