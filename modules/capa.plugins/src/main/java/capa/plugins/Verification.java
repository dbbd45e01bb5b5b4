package capa.plugins;

import capa.base.PluginId;
import capa.base.PluginMode;
import capa.plugins.lock.AuditFinding;
import capa.plugins.lock.AuditReport;
import capa.plugins.lock.JournalAudit;
import capa.plugins.lock.LockLocation;
import capa.plugins.lock.LockPermissions;
import capa.plugins.lock.LockState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code plugins verify} proves about a rig: discovery under production semantics against
 * the lock (whatever the rig's mode; builtins stay always trusted) and the journal audit. It
 * passes only when nothing is rejected, nothing drifts, the lock agrees with its journal, and
 * neither is open to every user ({@link LockPermissions}, a finding here as production refuses it).
 * Never runs plugin code.
 *
 * <p>One rejection is not a finding: {@code MISSING_FROM_LOCK} for a procedure whose last
 * journal line revokes it. Its JAR is still installed, production refuses it, and the journal
 * records that a person decided so ({@code plugins untrust}); that is the state the lock and
 * journal describe, so it is reported as information. A procedure that was never trusted stays
 * a finding: someone dropped a JAR that nobody vouched for.
 *
 * @param report discovery in production mode against the lock
 * @param audit the journal replayed against the lock
 */
public record Verification(PluginReport report, AuditReport audit) {

    /**
     * A procedure production refuses because its trust was revoked.
     *
     * @param journalLine the revoke line
     */
    public record Revoked(PluginId id, int journalLine) {
        /** {@code <id>: revoked by journal line <n>; installed but not loaded}. */
        public String line() {
            return id + ": revoked by journal line " + journalLine + "; installed but not loaded";
        }
    }

    public Verification {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(audit, "audit");
    }

    /**
     * Verifies the plugins in {@code pluginDirectories} against {@code lock}, whose journal is
     * {@code location}'s. The audit's findings start with the lock's and journal's permission
     * problems, if any.
     */
    public static Verification of(List<Path> pluginDirectories, LockState.Loaded lock, LockLocation location) {
        PluginReport report = PluginDiscovery.discover(new DiscoveryRequest(pluginDirectories,
                PluginMode.PRODUCTION, lock, true, DiscoveryRequest.Use.INSPECT));
        AuditReport journal = JournalAudit.audit(lock.lockfile(), location.journal());
        List<AuditFinding> findings = new ArrayList<>();
        LockPermissions.problems(location).forEach(p -> findings.add(new AuditFinding.WritableByOthers(p)));
        findings.addAll(journal.findings());
        return new Verification(report, new AuditReport(journal.journal(), journal.present(), journal.lines(),
                findings, journal.revoked()));
    }

    /** The rejections that are findings: all but those of {@link #revoked()} procedures. */
    public List<Rejection> rejections() {
        return report.rejected().stream().filter(r -> revocationOf(r) == null).toList();
    }

    /** Installed procedures that production refuses because the journal revoked them. */
    public List<Revoked> revoked() {
        List<Revoked> revoked = new ArrayList<>();
        for (Rejection rejection : report.rejected()) {
            Integer line = revocationOf(rejection);
            if (line != null) {
                revoked.add(new Revoked(PluginId.parse(rejection.subject()), line));
            }
        }
        return revoked;
    }

    /** Every finding, one line each: rejections, then drift, then the audit's findings. */
    public List<String> findings() {
        List<String> lines = new ArrayList<>();
        rejections().forEach(r -> lines.add(r.line()));
        report.drift().forEach(d -> lines.add(d.line()));
        audit.findings().stream().map(AuditFinding::line).forEach(lines::add);
        return lines;
    }

    /** Whether the rig passes: no rejection, no drift, and a clean journal audit. */
    public boolean passed() {
        return findings().isEmpty();
    }

    /** The revoke line's number when {@code rejection} is a revoked procedure missing from the lock. */
    private Integer revocationOf(Rejection rejection) {
        if (rejection.kind() != Rejection.Kind.MISSING_FROM_LOCK
                || !PluginId.isWellFormed(rejection.subject())) {
            return null;
        }
        return audit.revoked().get(PluginId.parse(rejection.subject()));
    }
}
