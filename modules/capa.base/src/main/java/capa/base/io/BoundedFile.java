package capa.base.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a small file that anyone with write access to its directory may have replaced: only
 * a regular file (a FIFO or a device would block the reader or never end) and only up to a
 * bound decided before anything is allocated, so that no file makes capa hang or exhaust its
 * heap. {@link #reason} turns any failure into the words an operator reads after
 * {@code cannot read:}.
 */
public final class BoundedFile {

    private BoundedFile() {
    }

    /**
     * The most capa reads of a {@code plugins.lock}: 4 MiB, some 16 000 entries (1 000 take
     * about 250 KB). Readers refuse a larger lock and writers refuse to make one, so that capa
     * never writes a lock it cannot read back.
     */
    public static final long LOCK_MAX_BYTES = 4L << 20;

    /**
     * The most capa reads of a {@code plugins.lock.journal}: 32 MiB, some 150 000 lines.
     * {@code plugins verify} refuses a larger journal and {@code trust}/{@code untrust} refuse
     * to grow one past it.
     */
    public static final long JOURNAL_MAX_BYTES = 32L << 20;

    /** The most capa reads of a run file: 4 MiB. */
    public static final long RUN_FILE_MAX_BYTES = 4L << 20;

    /**
     * Why a file is not read although it is there: it is a directory, no regular file, or
     * larger than the bound. The message says which, in words an operator can act on.
     */
    public static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message, null);
        }
    }

    /**
     * The whole content of {@code path} (symbolic links followed), at most {@code maxBytes}.
     *
     * @param maxBytes the most that is read; a whole number of MiB, as messages state it in MiB
     * @param what what the file should be, for messages: {@code a plugins.lock}
     * @throws RefusedException when it is a directory, not a regular file, or larger than
     *     {@code maxBytes} (also when it grows past that while being read)
     * @throws NoSuchFileException when there is no such file
     * @throws IOException when it cannot be read otherwise
     */
    public static byte[] read(Path path, long maxBytes, String what) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
            throw new RefusedException("is a directory, not a file");
        }
        if (!attributes.isRegularFile()) {
            throw notRegular(what);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > maxBytes) {
                throw tooLarge(size, maxBytes, what);
            }
            // Read to the end, which may lie past the size if the file grows meanwhile, but
            // never hold more than one byte past the bound.
            byte[] buffer = new byte[(int) Math.min(maxBytes + 1, size + 1)];
            int filled = 0;
            while (true) {
                if (filled == buffer.length) {
                    if (filled > maxBytes) {
                        throw tooLarge(filled, maxBytes, what);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes + 1, 2L * buffer.length));
                }
                int n = channel.read(ByteBuffer.wrap(buffer, filled, buffer.length - filled));
                if (n < 0) {
                    return Arrays.copyOf(buffer, filled);
                }
                filled += n;
            }
        }
    }

    /**
     * Refuses what is not a regular file or a directory once links are followed: a FIFO, a
     * device, a socket. (A directory is left to fail when it is opened, with its own message.)
     *
     * @param what what the file should be, for the message: {@code plugins.lock.journal}
     * @throws RefusedException naming what it is and what it must be
     * @throws IOException when its attributes cannot be read ({@link NoSuchFileException} when
     *     there is no such file)
     */
    public static void requireRegular(Path path, String what) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (!attributes.isRegularFile() && !attributes.isDirectory()) {
            throw notRegular(what);
        }
    }

    /**
     * Why a file could not be read, in words for after {@code cannot read:}: the refusal's own
     * message, {@code permission denied}, {@code no such file}, or what the file system said.
     * Never a stack trace, never empty.
     */
    public static String reason(IOException e) {
        return switch (e) {
            case RefusedException refused -> refused.getMessage();
            case AccessDeniedException _ -> "permission denied";
            case NoSuchFileException _ -> "no such file";
            case FileSystemException fse when fse.getReason() != null -> fse.getReason();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    private static RefusedException notRegular(String what) {
        return new RefusedException("not a regular file (a FIFO, a device or a socket); " + what + " must be a file");
    }

    private static RefusedException tooLarge(long size, long maxBytes, String what) {
        // Locale.ROOT: ASCII digits on a rig whose locale writes others (the image has the locale data).
        return new RefusedException(String.format(Locale.ROOT, "%d bytes, larger than the %d MiB capa reads of %s;"
                + " is this the right file?", size, maxBytes >> 20, what));
    }
}
