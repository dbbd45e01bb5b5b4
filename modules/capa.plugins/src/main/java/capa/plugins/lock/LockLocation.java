package capa.plugins.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where {@code plugins.lock} is, or would be created.
 *
 * <p>{@link #path()} is how the lock was named (absolute and normalised as text, for messages);
 * {@link #realPath()} is the file the operating system reaches through it, with every symbolic
 * link resolved, the lock's own and its directories' alike. Writers change the real file, and the
 * journal sits beside the real file, so that what {@code trust} edits is what every reader reads.
 *
 * @param path the lock to read, or to create when it does not exist; absolute and normalised
 * @param explicit whether the path came from {@code --plugins-lock} or
 *     {@code $CAPA_PLUGINS_LOCK} (then it is used whether or not it exists)
 * @param candidates every path looked at, in order, for messages that say where a lock may go
 */
public record LockLocation(Path path, boolean explicit, List<Path> candidates) {

    public LockLocation {
        Objects.requireNonNull(path, "path");
        candidates = List.copyOf(candidates);
    }

    /**
     * The real path of the lock: the file's own when it exists (the whole chain of symbolic
     * links followed, {@code ..} taken after each link as the file system does); for a lock not
     * yet created, its directory's real path and its file name.
     *
     * @throws DanglingLinkException when the lock is a symbolic link to nothing
     * @throws IOException when the path or its directory cannot be resolved (missing, a loop,
     *     no permission)
     */
    public Path realPath() throws IOException {
        if (Files.exists(path)) {
            return path.toRealPath();
        }
        if (Files.isSymbolicLink(path)) {
            throw new DanglingLinkException(path, Files.readSymbolicLink(path));
        }
        Path parent = path.getParent();
        if (parent == null) {
            throw new NoSuchFileException(path.toString());
        }
        return parent.toRealPath().resolve(path.getFileName());
    }

    /**
     * The journal that pairs with this lock: beside the lock's real file, its name with
     * {@code .journal} appended; beside {@link #path()} when the real path cannot be resolved.
     */
    public Path journal() {
        try {
            return journalOf(realPath());
        } catch (IOException e) {
            return journalOf(path);
        }
    }

    /** The journal of the lock file at {@code lock}. */
    static Path journalOf(Path lock) {
        return lock.resolveSibling(lock.getFileName() + ".journal");
    }

    /** The lock is a symbolic link whose target does not exist. */
    public static final class DanglingLinkException extends IOException {
        private static final long serialVersionUID = 1L;

        DanglingLinkException(Path link, Path target) {
            super(link + " is a broken symbolic link (to " + target + ", which does not exist)");
        }
    }
}
