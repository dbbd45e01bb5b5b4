package capa.plugins.lock;

import java.nio.file.Path;
import java.util.List;

/**
 * What the lock lookup found: no lock, a usable lock, or a lock that cannot be used (which
 * counts as no lock for gating, and is never overwritten).
 */
public sealed interface LockState {

    /**
     * No lock exists where capa looked.
     *
     * @param candidates every path looked at, in order, for messages
     */
    record Absent(List<Path> candidates) implements LockState {
        public Absent {
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * A valid lock.
     *
     * @param path its absolute path
     * @param lockfile its content
     */
    record Loaded(Path path, Lockfile lockfile) implements LockState {
    }

    /**
     * A lock exists but cannot be used: unreadable, not TOML, or not schema v1.
     *
     * @param path its absolute path
     * @param problem what is wrong, starting with {@code <path>:<line>:<column>: } where a
     *     position is known
     */
    record Unusable(Path path, String problem) implements LockState {
    }
}
