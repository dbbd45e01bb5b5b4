package capa.plugins.lock;

import capa.base.PluginMode;
import capa.base.TerminalText;
import capa.base.io.BoundedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads {@code plugins.lock} into a {@link LockState}: absent, loaded, or unusable with every
 * problem as {@code <path>:<line>:<column>: <message>}, one per line.
 */
public final class LockfileReader {

    private LockfileReader() {
    }

    /**
     * Reads the lock at {@code location}; never throws for a missing, unreadable or bad file. A
     * broken symbolic link in place of the lock is unusable, not absent.
     */
    public static LockState read(LockLocation location) {
        Path path = location.path();
        if (!Files.exists(path)) {
            if (Files.isSymbolicLink(path)) {
                // A link to nothing is a lock someone meant to have: not the same as no lock.
                try {
                    location.realPath();
                } catch (IOException e) {
                    return new LockState.Unusable(path, e.getMessage() + "; fix the link or remove it");
                }
            }
            return new LockState.Absent(location.candidates());
        }
        byte[] bytes;
        try {
            bytes = readBytes(path);
        } catch (LockReadException e) {
            return new LockState.Unusable(path, e.getMessage());
        }
        return parse(path, bytes);
    }

    /**
     * Reads the lock as {@link #read(LockLocation)} does, and in production also refuses, as
     * unusable, a lock or journal that every user may change ({@link LockPermissions}).
     */
    public static LockState read(LockLocation location, PluginMode mode) {
        LockState state = read(location);
        if (mode != PluginMode.PRODUCTION || !(state instanceof LockState.Loaded loaded)) {
            return state;
        }
        List<String> problems = LockPermissions.problems(location);
        if (problems.isEmpty()) {
            return state;
        }
        return new LockState.Unusable(loaded.path(), String.join("\n", problems)
                + "\nproduction plugin mode trusts only a lock and journal that just their owners"
                + " (and group) may change");
    }

    /** Parses lock text read from {@code path}; {@code path} names the file in problems. */
    public static LockState parse(Path path, byte[] bytes) {
        return switch (LockfileParser.parse(bytes)) {
            case LockfileParser.Valid valid -> new LockState.Loaded(path, valid.lockfile());
            case LockfileParser.Invalid invalid -> new LockState.Unusable(path, describe(path, invalid));
        };
    }

    static String describe(Path path, LockfileParser.Invalid invalid) {
        // One line per problem: a key or value quoted from the lock is escaped, line breaks included.
        return invalid.problems().stream().map(p -> TerminalText.escape(p.line(path)))
                .collect(Collectors.joining("\n"));
    }

    /**
     * The most a lock may hold ({@link BoundedFile#LOCK_MAX_BYTES}). Anything larger is not a
     * lock a lab lead wrote, and reading it whole could exhaust a small heap.
     */
    static final long MAX_BYTES = BoundedFile.LOCK_MAX_BYTES;

    /** The file's bytes, or an operator-readable reason it cannot be read. */
    static byte[] readBytes(Path path) throws LockReadException {
        try {
            return BoundedFile.read(path, MAX_BYTES, "a plugins.lock");
        } catch (IOException e) {
            throw new LockReadException(path + ": cannot read: " + BoundedFile.reason(e));
        }
    }

    /** A lock file that exists but cannot be read; the message names the path and why. */
    static final class LockReadException extends Exception {
        private static final long serialVersionUID = 1L;

        LockReadException(String message) {
            super(message, null, false, false);
        }
    }
}
