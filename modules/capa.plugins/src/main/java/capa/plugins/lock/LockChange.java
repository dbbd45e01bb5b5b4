package capa.plugins.lock;

import java.nio.file.Path;

/**
 * A change written to {@code plugins.lock} and recorded in its journal.
 *
 * @param lock the lock's path, as it was located
 * @param journal the journal the line was appended to
 * @param line the journal line
 * @param created whether this change created the lock
 */
public record LockChange(Path lock, Path journal, JournalLine line, boolean created) {
}
