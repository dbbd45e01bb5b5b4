package capa.plugins.jar;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A JAR read from the in-memory copy of its bytes that was hashed. Every later read
 * (metadata, module descriptor, classes, resources) comes from this copy, never from the file
 * again, so a file swapped on disk after hashing cannot change what capa inspects or loads.
 *
 * <p>Names, sizes and offsets come from the central directory alone ({@link ZipDirectory});
 * each entry is inflated on demand and checked against its CRC. A JAR read for inspection
 * keeps only the entries inspection reads ({@link Retention}).
 */
public final class InMemoryJar {

    /** The first inflation buffer's least size: most class files fit it at once. */
    private static final int FIRST_BUFFER = 16 * 1024;

    private volatile KeptBytes kept;
    private final ZipDirectory directory;
    private final Retention retention;

    InMemoryJar(KeptBytes kept, ZipDirectory directory, Retention retention) {
        this.kept = kept;
        this.directory = directory;
        this.retention = retention;
    }

    /**
     * A JAR whose whole content is {@code bytes}, which this object keeps (not a copy) until
     * {@link #release}.
     *
     * @throws JarFormatException when the bytes are not a readable JAR
     */
    public static InMemoryJar parse(byte[] bytes) throws JarFormatException {
        long offset = ZipDirectory.directoryStart(bytes, bytes.length);
        if (offset < 0) {
            throw ZipDirectory.noEndRecord(bytes, bytes);
        }
        byte[] central = Arrays.copyOfRange(bytes, (int) offset, bytes.length);
        return new InMemoryJar(KeptBytes.whole(bytes), ZipDirectory.parse(central, offset), Retention.EVERYTHING);
    }

    /** Entry names in central-directory order, directories included, kept or not. */
    public Collection<String> names() {
        return directory.entries().keySet();
    }

    public boolean contains(String name) {
        return directory.entries().containsKey(name);
    }

    /**
     * The content of an entry, inflated and checked against its CRC.
     *
     * @throws JarFormatException when the entry's data is corrupt or truncated
     * @throws IllegalStateException when the bytes were released, or the entry was not kept
     */
    public Optional<byte[]> read(String name) throws JarFormatException {
        ZipDirectory.Entry entry = directory.entries().get(name);
        if (entry == null) {
            return Optional.empty();
        }
        KeptBytes data = kept;
        if (data == null) {
            throw new IllegalStateException("the JAR's bytes were released after inspection");
        }
        if (!retention.keeps(name)) {
            throw new IllegalStateException("'" + name + "' was not kept: the JAR was read for inspection only");
        }
        return Optional.of(extract(data, entry));
    }

    /** How many bytes of the archive this object holds (none once released). */
    public long heldBytes() {
        KeptBytes data = kept;
        long held = 0;
        for (int run = 0; data != null && run < data.runCount(); run++) {
            held += data.run(run).length;
        }
        return held;
    }

    /**
     * Drops the bytes once nothing will load from this JAR again, so that inspecting many
     * JARs does not keep them all in memory: every later read fails.
     */
    public void release() {
        kept = null;
    }

    private static byte[] extract(KeptBytes data, ZipDirectory.Entry entry) throws JarFormatException {
        String shown = ZipDirectory.shown(entry.name());
        long loc = entry.localHeaderOffset();
        int run = data.locate(loc, ZipDirectory.LOC_SIZE);
        if (run < 0 || ZipDirectory.u32(data.run(run), at(data, run, loc)) != ZipDirectory.LOC_SIGNATURE) {
            throw new JarFormatException("truncated or corrupt: no local header for '" + shown + "'");
        }
        byte[] bytes = data.run(run);
        int header = at(data, run, loc);
        long start = loc + ZipDirectory.LOC_SIZE + ZipDirectory.u16(bytes, header + 26)
                + ZipDirectory.u16(bytes, header + 28);
        if (data.locate(start, entry.compressedSize()) != run) {
            throw new JarFormatException("truncated: data of '" + shown
                    + "' runs past the end of its part of the archive");
        }
        byte[] out;
        if (entry.method() == 0) {
            if (entry.compressedSize() != entry.size()) {
                throw new JarFormatException("corrupt: stored entry '" + shown + "' has two sizes");
            }
            int from = at(data, run, start);
            out = Arrays.copyOfRange(bytes, from, from + (int) entry.size());
        } else {
            String tooLarge = MemoryLimit.exceeded("entry '" + shown + "'", entry.size());
            if (tooLarge != null) {
                throw new JarFormatException(tooLarge);
            }
            out = inflate(bytes, at(data, run, start), (int) entry.compressedSize(), entry, shown);
        }
        CRC32 crc = new CRC32();
        crc.update(out);
        if (crc.getValue() != entry.crc()) {
            throw new JarFormatException("corrupt: CRC mismatch in '" + shown + "'");
        }
        return out;
    }

    private static int at(KeptBytes data, int run, long fileOffset) {
        return (int) (fileOffset - data.start(run));
    }

    /**
     * Inflates into a buffer that grows (doubling, from a few times the compressed size) as
     * output arrives, never beyond the declared size: what is allocated follows what the data
     * really inflates to, so a declared size cannot reserve memory by itself. Output that
     * ends short of the declared size, or goes on past it, makes the entry corrupt.
     */
    private static byte[] inflate(byte[] data, int start, int length, ZipDirectory.Entry entry, String shown)
            throws JarFormatException {
        int size = (int) entry.size();
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data, start, length);
            byte[] out = new byte[(int) Math.min(size, Math.max(FIRST_BUFFER, 4L * length))];
            int filled = 0;
            while (true) {
                if (filled == out.length) {
                    if (filled == size) {
                        break;
                    }
                    out = Arrays.copyOf(out, (int) Math.min(size, 2L * out.length));
                }
                int n = inflater.inflate(out, filled, out.length - filled);
                if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                filled += n;
            }
            if (filled != size) {
                throw new JarFormatException("corrupt: '" + shown + "' inflates to " + filled
                        + " bytes, not its declared " + size);
            }
            if (!inflater.finished()) {
                // Read on past the declared size as java.util.zip.ZipFile reads an entry: once
                // the compressed bytes are used up, with one dummy byte of input. Without it, a
                // stream whose end was damaged inflated here to exactly its declared size (the
                // CRC matching) and in ZipFile to more: two readers, two contents.
                if (inflater.needsInput()) {
                    inflater.setInput(new byte[1]);
                }
                if (inflater.inflate(new byte[1]) > 0) {
                    throw new JarFormatException("corrupt: '" + shown + "' inflates to more than its declared "
                            + size + " bytes");
                }
                if (!inflater.finished()) {
                    throw new JarFormatException("corrupt: the deflate stream of '" + shown + "' does not end within its "
                            + length + " compressed bytes");
                }
            }
            return out;
        } catch (DataFormatException e) {
            throw new JarFormatException("corrupt: '" + shown + "' does not inflate (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }
}
