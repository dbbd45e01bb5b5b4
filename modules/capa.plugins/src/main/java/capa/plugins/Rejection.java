package capa.plugins;

import java.util.Objects;

/**
 * A procedure or file that capa will not load, with the reason.
 *
 * @param subject the procedure id when known, else the JAR's file name
 * @param reason one line, such as {@code contract_check_failed: missing async run()} or
 *     {@code MISSING_FROM_LOCK}
 */
public record Rejection(String subject, String reason) {

    public Rejection {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(reason, "reason");
    }

    static Rejection contract(String subject, String what) {
        return new Rejection(subject, "contract_check_failed: " + what);
    }

    /** {@code <subject>: <reason>}, as {@code plugins list} prints it. */
    public String line() {
        return subject + ": " + reason;
    }
}
