package capa.plugins.lock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file operations through which {@link LockfileTransaction} changes the lock and its
 * journal, and nothing else: so that the order that makes a write crash-safe (open, write,
 * force the temporary lock; append to and force the journal; rename; force the directory) is
 * one a test can record, not only one a power cut would show.
 */
interface LockFiles {

    /** The real file system. */
    LockFiles SYSTEM = new LockFiles() {
        @Override
        public WritableFile open(Path file, OpenOption... options) throws IOException {
            FileChannel channel = FileChannel.open(file, options);
            return new WritableFile() {
                @Override
                public void write(byte[] bytes) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }

                @Override
                public void force() throws IOException {
                    channel.force(true);
                }

                @Override
                public void truncate(long size) throws IOException {
                    channel.truncate(size);
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }

        @Override
        public void rename(Path source, Path target) throws IOException {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public void forceDirectory(Path directory) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException | UnsupportedOperationException e) {
                // Some platforms cannot open a directory; the rename itself has already happened.
            }
        }
    };

    /** Opens {@code file} for writing with {@code options} (as {@link FileChannel#open}). */
    WritableFile open(Path file, OpenOption... options) throws IOException;

    /**
     * Replaces {@code target} with {@code source} atomically.
     *
     * @throws java.nio.file.AtomicMoveNotSupportedException when the file system cannot
     */
    void rename(Path source, Path target) throws IOException;

    /** Makes a rename or a new file in {@code directory} durable, where the platform can. */
    void forceDirectory(Path directory);

    /** A file open for writing. */
    interface WritableFile extends AutoCloseable {

        /** Writes all of {@code bytes} at the file's position (its end, when opened to append). */
        void write(byte[] bytes) throws IOException;

        /** Waits until what was written is on the storage device (fsync). */
        void force() throws IOException;

        /** Cuts the file to {@code size} bytes. */
        void truncate(long size) throws IOException;

        @Override
        void close() throws IOException;
    }
}
