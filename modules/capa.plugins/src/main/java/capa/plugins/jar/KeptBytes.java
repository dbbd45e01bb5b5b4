package capa.plugins.jar;

import java.util.Arrays;
import java.util.Map;

/**
 * The parts of a file held in memory: runs of bytes at known file offsets, sorted and
 * disjoint. Read fills them straight from the file while the whole file streams through the
 * digest, so what is kept is exactly what was hashed, with no second copy.
 */
final class KeptBytes {

    /** A local header with the longest name and extra field a ZIP can hold. */
    private static final long LONGEST_LOCAL_HEADER = ZipDirectory.LOC_SIZE + 2L * 0xFFFF;

    private final long[] starts;
    private final byte[][] runs;

    private KeptBytes(long[] starts, byte[][] runs) {
        this.starts = starts;
        this.runs = runs;
    }

    /** All of a file. */
    static KeptBytes whole(byte[] bytes) {
        return new KeptBytes(new long[] {0}, new byte[][] {bytes});
    }

    /**
     * What to keep of a file of {@code fileSize} bytes with the central directory {@code
     * directory}: for each entry {@code retention} keeps, its local header and data (up to the
     * next local header, and no further than the longest local header its compressed size
     * allows: a gap after an entry, such as a sparse file's hole, is hashed but not kept); and
     * the central directory to the end of the file. Neighbouring parts become one run, so a
     * JAR kept whole is one array.
     *
     * @throws HashedJar.TooLargeException when the parts would not fit the {@link MemoryLimit}
     */
    static KeptBytes plan(ZipDirectory directory, long fileSize, Retention retention)
            throws HashedJar.TooLargeException {
        Map<String, ZipDirectory.Entry> entries = directory.entries();
        long[] headers = new long[entries.size() + 1];
        int count = 0;
        for (ZipDirectory.Entry entry : entries.values()) {
            headers[count++] = entry.localHeaderOffset();
        }
        headers[count++] = directory.offset();
        Arrays.sort(headers, 0, count);
        // Each kept entry's part, from its header to the next distinct header or the directory.
        long[] partStarts = new long[count];
        long[] partEnds = new long[count];
        int parts = 0;
        for (ZipDirectory.Entry entry : entries.values()) {
            if (retention.keeps(entry.name())) {
                long start = entry.localHeaderOffset();
                int at = Arrays.binarySearch(headers, 0, count, start);
                while (headers[at] == start) {
                    at++;
                }
                partStarts[parts] = start;
                partEnds[parts++] = Math.min(headers[at], start + LONGEST_LOCAL_HEADER + entry.compressedSize());
            }
        }
        partStarts[parts] = directory.offset();
        partEnds[parts++] = fileSize;
        return merge(partStarts, partEnds, parts);
    }

    private static KeptBytes merge(long[] partStarts, long[] partEnds, int parts)
            throws HashedJar.TooLargeException {
        Integer[] order = new Integer[parts];
        for (int i = 0; i < parts; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(partStarts[a], partStarts[b]));
        long[] starts = new long[parts];
        long[] ends = new long[parts];
        int runs = 0;
        for (int i : order) {
            if (runs > 0 && partStarts[i] <= ends[runs - 1]) {
                ends[runs - 1] = Math.max(ends[runs - 1], partEnds[i]);
            } else {
                starts[runs] = partStarts[i];
                ends[runs++] = partEnds[i];
            }
        }
        long total = 0;
        for (int i = 0; i < runs; i++) {
            total += ends[i] - starts[i];
        }
        String tooLarge = MemoryLimit.exceeded("the entries to keep", total);
        if (tooLarge != null) {
            throw new HashedJar.TooLargeException(tooLarge);
        }
        byte[][] arrays = new byte[runs][];
        for (int i = 0; i < runs; i++) {
            arrays[i] = new byte[Math.toIntExact(ends[i] - starts[i])];
        }
        return new KeptBytes(Arrays.copyOf(starts, runs), arrays);
    }

    int runCount() {
        return runs.length;
    }

    long start(int run) {
        return starts[run];
    }

    byte[] run(int run) {
        return runs[run];
    }

    /** The run holding {@code length} bytes from file offset {@code offset}, or -1. */
    int locate(long offset, long length) {
        int at = Arrays.binarySearch(starts, offset);
        int run = at >= 0 ? at : -at - 2;
        return run >= 0 && offset + length <= starts[run] + runs[run].length ? run : -1;
    }
}
