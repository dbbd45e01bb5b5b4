package capa.plugins.jar;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A JAR's code and metadata read without hashing the file, to learn which procedures it
 * claims. Nothing is ever loaded from a peeked JAR: a JAR that is to load is read again, in
 * full, through {@link HashedJar}, and only what that read finds counts.
 *
 * <p>{@code capa run} peeks at every JAR to find the one that provides the procedure it was
 * asked for, so the JARs it does not use cost a read of their central directory, class files
 * and {@code META-INF/}, not a hash of every byte.
 */
public final class PeekedJar {

    private PeekedJar() {
    }

    /**
     * Reads {@code file}'s central directory, class files and {@code META-INF/} entries.
     *
     * @throws HashedJar.TooLargeException when the file is larger than {@link HashedJar#MAX_BYTES}
     * @throws JarFormatException when it is not a readable JAR
     * @throws IOException when it cannot be read
     */
    public static InMemoryJar read(Path file) throws IOException, JarFormatException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = HashedJar.readableSize(channel);
            if (size <= HashedJar.SMALL) {
                return InMemoryJar.parse(HashedJar.readAt(channel, 0, (int) size));
            }
            HashedJar.DirectoryArea area = HashedJar.directoryArea(channel, size);
            ZipDirectory directory = ZipDirectory.parse(area.bytes(), area.start());
            KeptBytes kept = KeptBytes.plan(directory, size, Retention.CODE_AND_METADATA);
            for (int run = 0; run < kept.runCount(); run++) {
                HashedJar.readFully(channel, kept.start(run), kept.run(run));
            }
            return new InMemoryJar(kept, directory, Retention.CODE_AND_METADATA);
        }
    }
}
