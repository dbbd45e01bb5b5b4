package capa.cli;

/**
 * capa's exit codes, in one place, as the reference page and the design document them.
 */
public enum ExitCode {
    /** The command did what it was asked. */
    OK(0),
    /** The command ran and found a failure: a failed procedure, drift in verify. */
    FAILURE(1),
    /** The command was refused: bad usage, bad input, missing or unusable lock. */
    USAGE(2),
    /** The operator interrupted a run (128 + SIGINT). */
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
