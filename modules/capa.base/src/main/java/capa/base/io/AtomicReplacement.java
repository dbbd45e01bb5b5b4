package capa.base.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Replaces a file so that a reader, or a crash, sees either the old content or the new, never
 * a torn mix: the new bytes are written to a temporary file beside the target and forced
 * ({@link #stage}), then renamed over the target atomically and the directory forced
 * ({@link #commit}). A writer that must do something between the two (the {@code plugins.lock}
 * transaction appends its journal line there) holds the staged replacement open; one that need
 * not calls {@link #write}.
 *
 * <p>The temporary file is named {@code .<target name>.<16 hex digits>.tmp} and is created new
 * with the file system's default permissions; {@link #isTemporaryOf} recognises the ones a
 * killed writer left. Closing a replacement that was not committed deletes its temporary file,
 * so nothing is left behind when a step fails.
 */
public final class AtomicReplacement implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DurableFiles files;
    private final Path target;
    private final Path temporary;

    private AtomicReplacement(DurableFiles files, Path target, Path temporary) {
        this.files = files;
        this.target = target;
        this.temporary = temporary;
    }

    /**
     * Replaces {@code target} with {@code bytes} at once: stage, then commit.
     *
     * @throws IOException when the bytes cannot be written or renamed (the target is then as
     *     it was), with a message naming the target when its file system cannot rename
     *     atomically
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(DurableFiles.SYSTEM, target, bytes);
    }

    static void write(DurableFiles files, Path target, byte[] bytes) throws IOException {
        try (AtomicReplacement replacement = stage(files, target, bytes)) {
            try {
                replacement.commit();
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically on this file system", e);
            }
        }
    }

    /**
     * Writes {@code bytes} to a new temporary file in {@code target}'s directory and forces
     * them to the storage device; the target itself is not touched yet.
     *
     * @param files the file operations to go through ({@link DurableFiles#SYSTEM} but in tests)
     * @param target the file to replace; its directory must exist
     * @throws IOException when the temporary file cannot be created or written (none is left)
     */
    public static AtomicReplacement stage(DurableFiles files, Path target, byte[] bytes) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "."
                + HexFormat.of().formatHex(randomBytes()) + ".tmp");
        try (DurableFiles.WritableFile file = files.open(temporary, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            file.write(bytes);
            file.force();
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return new AtomicReplacement(files, absolute, temporary);
    }

    /** The staged file, for a caller that gives it the old file's permissions before the commit. */
    public Path temporary() {
        return temporary;
    }

    /**
     * Renames the staged file over the target, then forces the directory so that the rename
     * survives a power cut.
     *
     * @throws AtomicMoveNotSupportedException when the file system cannot rename atomically;
     *     the target is unchanged
     * @throws IOException when the rename fails otherwise; the target is unchanged
     */
    public void commit() throws IOException {
        files.rename(temporary, target);
        files.forceDirectory(target.getParent());
    }

    /** Deletes the staged file if it was not committed; after a commit there is nothing to delete. */
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(temporary);
    }

    /**
     * Whether {@code candidate} is named as a temporary file staged for {@code target}: one a
     * writer killed between {@link #stage} and {@link #commit} left, which whoever holds the
     * target's write lock may delete.
     */
    public static boolean isTemporaryOf(Path target, Path candidate) {
        String name = candidate.getFileName().toString();
        return name.startsWith("." + target.getFileName() + ".") && name.endsWith(".tmp");
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
