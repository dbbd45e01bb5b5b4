package capa.cli.plugins;

import capa.cli.CapaException;
import capa.plugins.lock.JournalLine;
import capa.plugins.lock.LockState;

/**
 * The refusals that {@code trust} and {@code untrust} share, worded once: both write the lock
 * and its journal, and both must refuse before anything is written.
 */
final class LockRefusals {

    private LockRefusals() {
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
}
