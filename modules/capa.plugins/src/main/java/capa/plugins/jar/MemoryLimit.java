package capa.plugins.jar;

import java.util.Locale;

/**
 * The most memory reading one JAR may take at once: a quarter of the heap. Discovery reads two
 * JARs at a time, and the rest of capa (and, in a run, the plugins) needs the remainder, so a
 * JAR that would hold more is refused with the fix instead of ending the JVM out of memory.
 * Everything a JAR makes capa hold (its central directory, the parts it keeps, one inflated
 * entry) is checked against it before it is allocated. A bundle's JARs, which are held
 * together until its layer exists, are checked together as well, each as it is read.
 */
public final class MemoryLimit {

    private MemoryLimit() {
    }

    static long bytes() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /**
     * A message that {@code what} needs {@code bytes}, more than the limit, or null when it
     * fits.
     */
    public static String exceeded(String what, long bytes) {
        long limit = bytes();
        if (bytes <= limit) {
            return null;
        }
        return "too large to hold in memory: " + what + " of " + megabytes(bytes)
                + ", more than a quarter of the heap (" + megabytes(limit)
                + "); a larger heap (CAPA_JAVA_OPTS=-Xmx…) reads it";
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
