package capa.base.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file operations a crash-safe write is made of, and nothing else: open and write, force
 * (fsync), truncate, an atomic rename, and forcing a directory. Writers that must get the
 * order right ({@link AtomicReplacement}, the {@code plugins.lock} transaction) go through this
 * interface, so that the order is one a test can record ({@link #SYSTEM} wrapped by a recorder),
 * not only one a power cut would show.
 */
public interface DurableFiles {

    /** The real file system. */
    DurableFiles SYSTEM = new DurableFiles() {
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
                // Some platforms (Windows) cannot open a directory; the rename itself has
                // already happened, and is atomic there too.
            }
        }
    };

    /**
     * Opens {@code file} for writing with {@code options}, as {@link FileChannel#open} does.
     *
     * @throws IOException as {@link FileChannel#open} throws it (for example
     *     {@link java.nio.file.FileAlreadyExistsException} with {@code CREATE_NEW})
     */
    WritableFile open(Path file, OpenOption... options) throws IOException;

    /**
     * Replaces {@code target} with {@code source} in one step: a reader sees one or the other.
     *
     * @throws java.nio.file.AtomicMoveNotSupportedException when the file system cannot (a
     *     network or FUSE mount, or {@code source} and {@code target} on different file systems)
     */
    void rename(Path source, Path target) throws IOException;

    /**
     * Makes a rename or a new file in {@code directory} durable (fsync of the directory), where
     * the platform can; never fails, since the change it makes durable has already happened.
     */
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
