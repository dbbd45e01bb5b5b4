import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the peak heap use out of a JVM log written with {@code -Xlog:gc,gc+exit}: the largest
 * heap occupancy before any collection ({@code Pause Young ... 24M->3M(256M)}) or at exit
 * (the {@code gc,exit} heap summary, whose generation lines each say {@code used NK}).
 */
final class HeapLog {

    private static final Pattern BEFORE_COLLECTION = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)");
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private HeapLog() {
    }

    static double peakUsedMegabytes(String log) {
        double peak = 0;
        double usedAtExit = 0;
        for (String line : log.lines().toList()) {
            Matcher before = BEFORE_COLLECTION.matcher(line);
            if (before.find()) {
                peak = Math.max(peak, Double.parseDouble(before.group(1)));
            }
            Matcher used = USED.matcher(line);
            if (line.contains("[gc,exit") && !line.contains("Metaspace") && !line.contains("class space")
                    && used.find()) {
                usedAtExit += Double.parseDouble(used.group(1)) / 1024;
            }
        }
        return Math.max(peak, usedAtExit);
    }
}
