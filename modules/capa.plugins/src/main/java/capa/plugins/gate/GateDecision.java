package capa.plugins.gate;

import java.util.List;

/** Whether the current mode and lock let a procedure load. */
public sealed interface GateDecision {

    /** It may load (subject to the contract check). */
    record Trusted() implements GateDecision {
    }

    /**
     * It must not load, and no class of it may be defined.
     *
     * @param kinds why, in the order the design lists them
     */
    record Untrusted(List<Kind> kinds) implements GateDecision {
        public Untrusted {
            kinds = List.copyOf(kinds);
        }
    }

    /** The gating rejection kinds operators see. */
    enum Kind {
        MISSING_FROM_LOCK,
        HASH_MISMATCH,
        VERSION_MISMATCH,
        ENTRY_POINT_MISMATCH,
        /** The lock entry's {@code package} is not the module that provides the procedure. */
        PACKAGE_MISMATCH,
        /** Production mode without a usable lock: nothing is trusted. */
        NO_USABLE_LOCK
    }
}
