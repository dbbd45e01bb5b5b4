package capa.plugins.jar;

import capa.plugins.builtins.CapaDigest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A JAR read once from disk: the SHA-256 of every byte of the file, and the JAR parsed from
 * exactly the bytes that went through that digest.
 *
 * <p>The file streams through the digest front to back in chunks small enough to stay in a
 * core's cache between the read and the hash. What is kept ({@link Retention}) is read
 * straight into the arrays that keep it and hashed from there; the rest passes through one
 * scratch chunk and is gone. To know what to keep before the stream starts, a JAR larger than
 * {@link #SMALL} has its central directory read first from the file's end; the same bytes
 * arrive again, hashed, at the end of the stream, and the JAR is refused unless both copies
 * agree, so a file rewritten while it is read is never half-believed. Smaller JARs are kept
 * whole: one read, nothing to plan.
 *
 * @param jar parsed from the hashed bytes, holding the kept ones
 * @param sha256 the digest of the whole file
 */
public record HashedJar(InMemoryJar jar, byte[] sha256) {

    /**
     * Largest file accepted: 1 GB. A run holds a plugin's every entry in memory, so a JAR
     * near this size already needs a heap of several GB; hashing a larger (perhaps sparse)
     * file would cost seconds per command before it could be refused.
     */
    public static final long MAX_BYTES = 1L << 30;

    /** Read and hashed in one piece, kept whole. */
    static final int SMALL = 64 * 1024;

    /** Holds the end record and the central directory of most JARs: one read to plan. */
    private static final int LIKELY_END_AREA = 16 * 1024;

    /** Small enough to stay in a core's L2 cache between the read and the hash. */
    private static final int CHUNK = 256 * 1024;

    /**
     * Thrown, before anything is allocated for it, when a file is larger than {@link
     * #MAX_BYTES} or would make capa hold more than a quarter of the heap. The message is one
     * line for the operator and says which.
     */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message, null);
        }
    }

    /**
     * Reads and hashes {@code file}, keeping what {@code retention} asks for.
     *
     * @throws TooLargeException when the file is larger than {@link #MAX_BYTES}, or what it
     *     keeps would not fit a quarter of the heap
     * @throws JarFormatException when it is not a readable JAR
     * @throws IOException when it cannot be read, or changed while it was read (it is being
     *     written: what would be hashed is not what the writer meant)
     */
    public static HashedJar read(Path file, Retention retention) throws IOException, JarFormatException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = readableSize(channel);
            if (size <= SMALL) {
                byte[] whole = new byte[(int) size];
                byte[] sha256 = stream(channel, size, KeptBytes.whole(whole));
                return new HashedJar(InMemoryJar.parse(whole), sha256);
            }
            DirectoryArea area = directoryArea(channel, size);
            byte[] central = area.bytes();
            ZipDirectory directory = ZipDirectory.parse(central, area.start());
            KeptBytes kept = KeptBytes.plan(directory, size, retention);
            byte[] sha256 = stream(channel, size, kept);
            byte[] hashed = kept.run(kept.runCount() - 1);
            if (!Arrays.equals(hashed, hashed.length - central.length, hashed.length, central, 0, central.length)) {
                throw new IOException("file changed while it was read");
            }
            return new HashedJar(new InMemoryJar(kept, directory, retention), sha256);
        }
    }

    /** The file's bytes from {@code start} to its end. */
    record DirectoryArea(byte[] bytes, long start) {
    }

    /**
     * The file from its central directory to its end (end records and comment included), read
     * before the stream to plan what to keep. Most
     * JARs need one read of the last {@link #LIKELY_END_AREA} bytes; a long comment, a large
     * directory or a ZIP64 end record further back take one more each.
     */
    static DirectoryArea directoryArea(FileChannel channel, long size)
            throws IOException, JarFormatException {
        long from = size - Math.min(size, LIKELY_END_AREA);
        byte[] tail = readAt(channel, from, (int) (size - from));
        while (true) {
            long needed = ZipDirectory.directoryStart(tail, size);
            if (needed < 0) {
                long widest = size - Math.min(size, ZipDirectory.MAX_END_RECORD_AREA);
                if (from <= widest) {
                    throw ZipDirectory.noEndRecord(readAt(channel, 0, 4), tail);
                }
                // A long archive comment: look as far back as an end record can be.
                needed = widest;
            } else if (needed >= from) {
                return new DirectoryArea(Arrays.copyOfRange(tail, (int) (needed - from), tail.length), needed);
            }
            String tooLarge = MemoryLimit.exceeded("a central directory", size - needed);
            if (tooLarge != null) {
                throw new TooLargeException(tooLarge);
            }
            from = needed;
            tail = readAt(channel, from, (int) (size - from));
        }
    }

    /**
     * Streams the file from its start through the digest, into the kept runs where they are
     * and through a scratch chunk elsewhere, and checks the size held.
     */
    private static byte[] stream(FileChannel channel, long size, KeptBytes kept) throws IOException {
        MessageDigest digest = CapaDigest.sha256();
        byte[] scratch = null;
        long position = 0;
        int run = 0;
        while (position < size) {
            while (run < kept.runCount() && kept.start(run) + kept.run(run).length <= position) {
                run++;
            }
            byte[] target;
            int offset;
            int length;
            if (run < kept.runCount() && kept.start(run) <= position) {
                target = kept.run(run);
                offset = (int) (position - kept.start(run));
                length = Math.min(CHUNK, target.length - offset);
            } else {
                long gapEnd = run < kept.runCount() ? kept.start(run) : size;
                if (scratch == null) {
                    scratch = new byte[CHUNK];
                }
                target = scratch;
                offset = 0;
                length = (int) Math.min(CHUNK, gapEnd - position);
            }
            int n = channel.read(ByteBuffer.wrap(target, offset, length));
            if (n < 0) {
                throw new IOException("file changed while it was read (it shrank)");
            }
            digest.update(target, offset, n);
            position += n;
        }
        if (channel.read(ByteBuffer.allocate(1)) >= 0) {
            throw new IOException("file changed while it was read (it grew)");
        }
        return digest.digest();
    }

    static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
        byte[] bytes = new byte[length];
        readFully(channel, position, bytes);
        return bytes;
    }

    /** Fills {@code into} from the file at {@code position}. */
    static void readFully(FileChannel channel, long position, byte[] into) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("file changed while it was read (it shrank)");
            }
        }
    }

    /** The file's size, refused before anything is read when it is over {@link #MAX_BYTES}. */
    static long readableSize(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > MAX_BYTES) {
            throw new TooLargeException("too large: " + MemoryLimit.megabytes(size)
                    + ", more than the 1 GB capa reads of a plugin JAR");
        }
        return size;
    }
}
