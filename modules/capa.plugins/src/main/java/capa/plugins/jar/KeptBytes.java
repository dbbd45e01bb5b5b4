package capa.plugins.jar;

import java.util.Arrays;
import java.util.Map;

/**
 * The parts of a file held in memory: runs of bytes at known file offsets, sorted and
 * disjoint. Read fills them straight from the file while the whole file streams through the
 * digest, so what is kept is exactly what was hashed, with no second copy.
 */
final class KeptBytes {

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
     * directory}: for each entry {@code retention} keeps, its local header, data and anything
     * up to the next local header (a data descriptor); and the central directory to the end
     * of the file. Neighbouring parts become one run, so a JAR kept whole is one array.
     */
    static KeptBytes plan(ZipDirectory directory, long fileSize, Retention retention) {
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
                partEnds[parts++] = headers[at];
            }
        }
        partStarts[parts] = directory.offset();
        partEnds[parts++] = fileSize;
        return merge(partStarts, partEnds, parts);
    }

    private static KeptBytes merge(long[] partStarts, long[] partEnds, int parts) {
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
