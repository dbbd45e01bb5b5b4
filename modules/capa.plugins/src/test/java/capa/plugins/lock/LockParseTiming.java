package capa.plugins.lock;

import capa.base.PluginCoordinates;
import capa.base.PluginId;
import capa.base.DistributionHash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * How long reading a 1000-entry {@code plugins.lock} takes, in capa's own layout and in a
 * hand-written one (comments, every kind of string, CRLF in some): the first reading in a fresh
 * JVM, as a {@code capa} command meets it, and the median of later ones. The first reading
 * is also given as the process's CPU time (the JIT's threads included), which a machine busy
 * with other work inflates less than wall time. Not a test (timings
 * are no unit test's business); run it after {@code mvn test-compile} with the module's
 * classes, test classes, capa.api and tomlj on the class path (see docs/performance.md).
 */
public final class LockParseTiming {

    private LockParseTiming() {
    }

    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        byte[] capas = capaLayout(entries).getBytes(StandardCharsets.UTF_8);
        byte[] handWritten = new LockTexts(new Random(1)).validLock(entries).getBytes(StandardCharsets.UTF_8);
        report("capa's layout", capas, entries);
        report("hand-written", handWritten, entries);
    }

    private static String capaLayout(int entries) {
        StringBuilder text = new StringBuilder(LockDocument.HEADER);
        for (int i = 0; i < entries; i++) {
            PluginCoordinates entry = new PluginCoordinates(new PluginId("capa.contrib.p" + i), "capa.contrib.p" + i, "1.0." + i,
                    "capa.contrib.p" + i + "/capa.contrib.p" + i + ".Procedure",
                    DistributionHash.parse("sha256:" + "%064x".formatted(i)));
            text.append('\n').append(LockDocument.block(entry, "\n")).append('\n');
        }
        return text.toString();
    }

    private static void report(String layout, byte[] bytes, int entries) {
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        LockfileParser.Result first = LockfileParser.parse(bytes);
        long firstNanos = System.nanoTime() - start;
        long firstCpuNanos = processCpuNanos() - cpuStart;
        if (!(first instanceof LockfileParser.Valid valid) || valid.lockfile().entries().size() != entries) {
            throw new AssertionError(layout + ": not read as a valid lock of " + entries + " entries: " + first);
        }
        long[] runs = new long[200];
        for (int i = 0; i < runs.length; i++) {
            long t = System.nanoTime();
            LockfileParser.parse(bytes);
            runs[i] = System.nanoTime() - t;
        }
        Arrays.sort(runs);
        LockDocument document = valid.document();
        PluginId last = document.lockfile().entries().getLast().id();
        long editStart = System.nanoTime();
        String refreshed = document.withEntry(new PluginCoordinates(last, "p", "2", "p/p.P",
                DistributionHash.parse("sha256:" + "ab".repeat(32))));
        long editNanos = System.nanoTime() - editStart;
        System.out.printf("%s: %d entries, %d KB: first read %.1f ms (%.0f ms CPU), then median %.2f ms;"
                        + " a refresh of the last entry %.2f ms (%d chars)%n", layout, entries, bytes.length / 1024,
                firstNanos / 1e6, firstCpuNanos / 1e6, runs[runs.length / 2] / 1e6, editNanos / 1e6, refreshed.length());
    }

    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }
}
