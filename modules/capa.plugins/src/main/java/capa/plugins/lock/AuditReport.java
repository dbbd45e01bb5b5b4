package capa.plugins.lock;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of replaying a journal against its lock.
 *
 * @param journal the journal's path
 * @param present whether the journal exists
 * @param lines how many lines it has
 * @param findings every disagreement and malformed line; empty when lock and journal agree
 */
public record AuditReport(Path journal, boolean present, int lines, List<AuditFinding> findings) {

    public AuditReport {
        Objects.requireNonNull(journal, "journal");
        findings = List.copyOf(findings);
    }

    /** Whether the lock and its journal agree. */
    public boolean clean() {
        return findings.isEmpty();
    }
}
