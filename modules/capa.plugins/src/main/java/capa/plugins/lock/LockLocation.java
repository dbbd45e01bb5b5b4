package capa.plugins.lock;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where {@code plugins.lock} is, or would be created.
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

    /** The journal that pairs with this lock: its path with {@code .journal} appended. */
    public Path journal() {
        return path.resolveSibling(path.getFileName() + ".journal");
    }
}
