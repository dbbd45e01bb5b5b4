package capa.plugins.jar;

import capa.plugins.builtins.CapaDigest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * A file's whole content read once into memory, with the SHA-256 of exactly those bytes.
 *
 * <p>Each chunk is hashed right after it is read, while it is still in the CPU's cache: for a
 * large JAR, reading the whole file first and hashing afterwards reads every byte from main
 * memory twice. Reading goes straight into the returned array, so no second copy of a large
 * file is ever made.
 *
 * @param bytes holds the content in its first {@code length} bytes; the caller keeps it and
 *     loads from it
 * @param length the file's size
 * @param sha256 the digest of those {@code length} bytes
 */
public record HashedFile(byte[] bytes, int length, byte[] sha256) {

    /** Largest file accepted: a Java array's limit. No plugin comes near it. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    /** Small enough to stay in a core's L2 cache between the read and the hash. */
    private static final int CHUNK = 256 * 1024;

    /** Thrown when a file is larger than {@link #MAX_BYTES}. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException() {
            super("larger than 2 GB", null);
        }
    }

    /**
     * Reads {@code file} whole.
     *
     * @throws TooLargeException when the file is larger than {@link #MAX_BYTES}
     * @throws IOException when it cannot be read, or its size changed while it was read (it
     *     is being written: what would be hashed is not what the writer meant)
     */
    public static HashedFile read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * As {@link #read(Path)}, into an array from {@code buffers} when given (to be handed back
     * once the JAR is released), else into a new array of exactly the file's size.
     */
    public static HashedFile read(Path file, ReadBuffers buffers) throws IOException {
        MessageDigest digest = CapaDigest.sha256();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > MAX_BYTES) {
                throw new TooLargeException();
            }
            int length = (int) size;
            byte[] bytes = buffers == null ? new byte[length] : buffers.take(length);
            int filled = 0;
            while (filled < length) {
                int n = channel.read(ByteBuffer.wrap(bytes, filled, Math.min(CHUNK, length - filled)));
                if (n < 0) {
                    giveBack(buffers, bytes);
                    throw new IOException("file shrank while it was read");
                }
                digest.update(bytes, filled, n);
                filled += n;
            }
            if (channel.read(ByteBuffer.allocate(1)) >= 0) {
                giveBack(buffers, bytes);
                throw new IOException("file grew while it was read");
            }
            return new HashedFile(bytes, length, digest.digest());
        }
    }

    private static void giveBack(ReadBuffers buffers, byte[] bytes) {
        if (buffers != null) {
            buffers.give(bytes);
        }
    }
}
