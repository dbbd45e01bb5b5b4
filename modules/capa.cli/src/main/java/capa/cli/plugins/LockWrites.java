package capa.cli.plugins;

import capa.base.DistributionHash;
import capa.base.TerminalText;
import capa.cli.CapaException;
import capa.plugins.lock.JournalLine;
import capa.plugins.lock.LockChange;
import capa.plugins.lock.LockLocation;
import capa.plugins.lock.LockState;
import capa.plugins.lock.LockWriteException;
import capa.plugins.lock.LockfileTransaction;
import java.io.PrintWriter;
import java.time.Clock;

/**
 * What {@code trust} and {@code untrust} share, written once: the refusals that come before
 * anything is written, the write through {@link LockfileTransaction}, and the report of it.
 */
final class LockWrites {

    /** One change to the lock, made by the transaction it is given. */
    @FunctionalInterface
    interface Change {
        LockChange applyTo(LockfileTransaction transaction) throws LockWriteException;
    }

    private LockWrites() {
    }

    /** Refuses a reason that is blank or would break the journal's one-line-per-change rule. */
    static void checkReason(String reason) {
        try {
            JournalLine.checkReason(reason);
        } catch (IllegalArgumentException e) {
            throw CapaException.refused("--reason: " + e.getMessage() + "; nothing was written");
        }
    }

    /** The refusal for a lock that exists but cannot be read: it is never overwritten. */
    static CapaException unusable(LockState.Unusable unusable) {
        return CapaException.refused(unusable.problem() + "\ncapa never overwrites a lock it"
                + " cannot read; fix it, or move it away, and try again. Nothing was written");
    }

    /** Makes {@code change} to the lock at {@code location}; a write that fails is refused (exit 2). */
    static LockChange write(LockLocation location, Change change) {
        try {
            return change.applyTo(new LockfileTransaction(location, Clock.systemUTC()));
        } catch (LockWriteException e) {
            throw CapaException.refused(e.getMessage());
        }
    }

    /**
     * Prints what was written, for example {@code trusted: lab.x.y 1.0.0 (sha256:…)} and the
     * two files. The id, version and hash come from the journal line, which records what the
     * transaction wrote or removed, re-read under its lock.
     */
    static void report(PrintWriter out, String verb, LockChange change) {
        JournalLine line = change.line();
        out.println(verb + ": " + line.id() + " " + TerminalText.escape(line.version()) + " ("
                + DistributionHash.parse(line.hash()).abbreviated(22) + ")");
        out.println("  lock:    " + TerminalText.escape(change.lock().toString()));
        out.println("  journal: " + TerminalText.escape(change.journal().toString()));
        out.flush();
    }
}
