package capa.plugins.lock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a small file that anyone with write access to its directory may have replaced: only
 * a regular file (a FIFO or a device would block the reader or never end) and only up to a
 * bound decided before anything is allocated, so that no file makes capa hang or exhaust its
 * heap.
 */
final class BoundedFile {

    private BoundedFile() {
    }

    /** Why a file is not read: it is no regular file, or it is larger than the bound. */
    static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message, null);
        }
    }

    /**
     * The whole content of {@code path}, at most {@code maxBytes}.
     *
     * @param what what the file should be, for messages: {@code a plugins.lock}
     * @throws RefusedException when it is not a regular file or is larger than {@code maxBytes}
     * @throws IOException when it cannot be read
     */
    static byte[] read(Path path, long maxBytes, String what) throws IOException {
        requireRegular(path, what);
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

    /** Refuses what is not a regular file once links are followed: a FIFO, a device, a socket. */
    static void requireRegular(Path path, String what) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (!attributes.isRegularFile() && !attributes.isDirectory()) {
            throw new RefusedException("not a regular file (a FIFO, a device or a socket); "
                    + what + " must be a file");
        }
    }

    private static RefusedException tooLarge(long size, long maxBytes, String what) {
        // Locale.ROOT: ASCII digits on a rig whose locale writes others (the image has the locale data).
        return new RefusedException(String.format(Locale.ROOT,
                "%d bytes, larger than the %d MiB capa reads of %s; is this the right file?",
                size, maxBytes >> 20, what));
    }
}
