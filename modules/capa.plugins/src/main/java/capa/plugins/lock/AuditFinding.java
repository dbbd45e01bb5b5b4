package capa.plugins.lock;

import capa.base.PluginId;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One way {@code plugins.lock} and {@code plugins.lock.journal} disagree, or a journal line
 * that cannot be read. Each is one line for the operator; {@link #kind()} names the kind for
 * machine-readable output.
 */
public sealed interface AuditFinding {

    /** A stable lowercase name of the kind of finding, such as {@code malformed_line}. */
    String kind();

    /** The finding as one line of text. */
    String line();

    /**
     * A journal line that is not a well-formed trust or revoke line. It is left out of the
     * replay, so the entries it meant to record may show up as findings too.
     *
     * @param journal the journal's path
     * @param lineNumber the 1-based line
     * @param problem what is wrong with it
     */
    record MalformedLine(Path journal, int lineNumber, String problem) implements AuditFinding {
        public MalformedLine {
            Objects.requireNonNull(journal, "journal");
            Objects.requireNonNull(problem, "problem");
        }

        @Override
        public String kind() {
            return "malformed_line";
        }

        @Override
        public String line() {
            return journal + ":" + lineNumber + ": journal line " + lineNumber + " is malformed: " + problem;
        }
    }

    /** A lock entry that no journal line records: the lock was edited by hand. */
    record NotJournaled(PluginId id) implements AuditFinding {
        public NotJournaled {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String kind() {
            return "not_journaled";
        }

        @Override
        public String line() {
            return id + ": in plugins.lock but no journal line records it (edited by hand?)";
        }
    }

    /** A lock entry whose last journal line revokes it: trust was withdrawn but the entry is back. */
    record Revoked(PluginId id, int lineNumber) implements AuditFinding {
        public Revoked {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String kind() {
            return "revoked";
        }

        @Override
        public String line() {
            return id + ": in plugins.lock, but its last journal line (line " + lineNumber + ") revokes it";
        }
    }

    /**
     * A lock entry whose version or hash differs from its last trust line.
     *
     * @param field {@code version} or {@code hash}
     * @param inLock the lock's value
     * @param inJournal the value on the last trust line
     * @param lineNumber that trust line
     */
    record Differs(PluginId id, String field, String inLock, String inJournal, int lineNumber)
            implements AuditFinding {
        public Differs {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(inLock, "inLock");
            Objects.requireNonNull(inJournal, "inJournal");
        }

        @Override
        public String kind() {
            return "differs";
        }

        @Override
        public String line() {
            return id + ": " + field + " in plugins.lock differs from its last trust line (line "
                    + lineNumber + ") (lock='" + inLock + "', journal='" + inJournal + "')";
        }
    }

    /** An id the journal last trusted that is not in the lock: removed without a revoke line. */
    record RemovedWithoutRevoke(PluginId id, int lineNumber) implements AuditFinding {
        public RemovedWithoutRevoke {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String kind() {
            return "removed_without_revoke";
        }

        @Override
        public String line() {
            return id + ": trusted by journal line " + lineNumber
                    + " but not in plugins.lock, and no revoke line records its removal";
        }
    }

    /** The journal exists but cannot be read, so nothing in the lock can be shown to be journaled. */
    record JournalUnreadable(Path journal, String reason) implements AuditFinding {
        public JournalUnreadable {
            Objects.requireNonNull(journal, "journal");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String kind() {
            return "journal_unreadable";
        }

        @Override
        public String line() {
            return journal + ": " + reason;
        }
    }

    /**
     * The lock or its journal, or a directory holding them, is writable by every user, so the
     * audit cannot vouch for who changed them; production refuses such a lock
     * ({@link LockPermissions}).
     *
     * @param problem the path, what is open and the fix, as {@link LockPermissions#problems} says it
     */
    record WritableByOthers(String problem) implements AuditFinding {
        public WritableByOthers {
            Objects.requireNonNull(problem, "problem");
        }

        @Override
        public String kind() {
            return "writable_by_others";
        }

        @Override
        public String line() {
            return problem;
        }
    }
}
