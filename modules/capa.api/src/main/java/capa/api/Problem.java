package capa.api;

import java.util.Objects;

/**
 * A problem found by {@link Procedure#preflight}: one line an operator can act on.
 *
 * @param severity how serious the problem is
 * @param message what is wrong and, ideally, what to do about it
 */
public record Problem(Severity severity, String message) {

    /**
     * How serious a problem is.
     */
    public enum Severity {
        /** Worth knowing; the run goes ahead. */
        WARNING,
        /** The run must not start. */
        BLOCKING
    }

    /**
     * Validates the components.
     *
     * @param severity how serious the problem is; not null
     * @param message what is wrong; not null and not blank
     */
    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        if (message.isBlank()) {
            throw new IllegalArgumentException("a problem needs a message");
        }
    }

    /**
     * A problem that stops the run.
     *
     * @param message what is wrong
     * @return a blocking problem
     */
    public static Problem blocking(String message) {
        return new Problem(Severity.BLOCKING, message);
    }

    /**
     * A problem that is reported but lets the run go ahead.
     *
     * @param message what is worth knowing
     * @return a warning
     */
    public static Problem warning(String message) {
        return new Problem(Severity.WARNING, message);
    }

    /**
     * Whether this problem stops the run.
     *
     * @return true for {@link Severity#BLOCKING}
     */
    public boolean blocking() {
        return severity == Severity.BLOCKING;
    }
}
