package capa.plugins.lock;

import capa.base.PluginId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of replaying a journal against its lock.
 *
 * @param journal the journal's path
 * @param present whether the journal exists
 * @param lines how many lines it has
 * @param findings every disagreement and malformed line; empty when lock and journal agree
 * @param revoked the ids whose last well-formed journal line revokes them, with that line's number
 */
public record AuditReport(Path journal, boolean present, int lines, List<AuditFinding> findings,
                          Map<PluginId, Integer> revoked) {

    public AuditReport {
        Objects.requireNonNull(journal, "journal");
        findings = List.copyOf(findings);
        revoked = Map.copyOf(revoked);
    }

    /** Whether the lock and its journal agree. */
    public boolean clean() {
        return findings.isEmpty();
    }
}
