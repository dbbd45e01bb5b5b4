package capa.cli;

/**
 * A refusal or failure to report to the operator as one message and an exit code, never as a
 * stack trace.
 */
public final class CapaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    public CapaException(ExitCode exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** A refusal: bad input or settings the operator must fix (exit 2). */
    public static CapaException refused(String message) {
        return new CapaException(ExitCode.USAGE, message);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
