import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts commands as separate processes and times them from start to exit, the way an
 * operator's shell would. Commands compared with each other run interleaved (A B C A B C ...)
 * so that a burst of load from elsewhere on the machine hits all of them alike.
 */
final class Runner {

    /** One command to time: what it runs, with which extra environment. */
    record Command(String label, List<String> argv, Map<String, String> environment) {
        Command(String label, List<String> argv) {
            this(label, argv, Map.of());
        }
    }

    /** What one run left behind. */
    record Run(long nanos, int exitCode, String out, String err) {
        private static final Pattern MAX_RSS =
                Pattern.compile("capa-bench-max-rss-kb=(\\d+)");

        /** The peak resident memory GNU time reported on stderr, or -1. */
        long peakRssKilobytes() {
            Matcher matcher = MAX_RSS.matcher(err);
            return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
        }
    }

    /** The median and every sample of one command's runs; {@code last} is its last run. */
    record Timing(Command command, long[] nanos, long[] rss, Run last) {
        /** Each run's peak resident memory, as GNU time's {@code capa-bench-max-rss-kb=} line reports it. */
        long[] peakRssKilobytes() {
            return rss.clone();
        }

        double medianMillis() {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
            return median / 1e6;
        }
    }

    private final Path workingDirectory;
    private final Map<String, String> baseEnvironment;

    /**
     * @param workingDirectory an empty directory, so that no ./plugins.lock is picked up
     * @param baseEnvironment the whole environment every command starts with
     */
    Runner(Path workingDirectory, Map<String, String> baseEnvironment) {
        this.workingDirectory = workingDirectory;
        this.baseEnvironment = Map.copyOf(baseEnvironment);
    }

    Run run(Command command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workingDirectory, "out", ".txt");
        Path err = Files.createTempFile(workingDirectory, "err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command.argv())
                    .directory(workingDirectory.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(baseEnvironment);
            builder.environment().putAll(command.environment());
            long start = System.nanoTime();
            Process process = builder.start();
            int exitCode = process.waitFor();
            long nanos = System.nanoTime() - start;
            return new Run(nanos, exitCode, Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Runs each command {@code warmups} times untimed (page cache, first-touch effects), then
     * {@code runs} times interleaved with the others.
     */
    Map<String, Timing> interleaved(int warmups, int runs, List<Command> commands)
            throws IOException, InterruptedException {
        for (int i = 0; i < warmups; i++) {
            for (Command command : commands) {
                run(command);
            }
        }
        Map<String, long[]> samples = new LinkedHashMap<>();
        Map<String, long[]> rss = new LinkedHashMap<>();
        Map<String, Run> last = new LinkedHashMap<>();
        for (Command command : commands) {
            samples.put(command.label(), new long[runs]);
            rss.put(command.label(), new long[runs]);
        }
        for (int i = 0; i < runs; i++) {
            for (Command command : commands) {
                Run run = run(command);
                samples.get(command.label())[i] = run.nanos();
                rss.get(command.label())[i] = run.peakRssKilobytes();
                last.put(command.label(), run);
            }
        }
        Map<String, Timing> timings = new LinkedHashMap<>();
        for (Command command : commands) {
            timings.put(command.label(), new Timing(command, samples.get(command.label()),
                    rss.get(command.label()), last.get(command.label())));
        }
        return timings;
    }

    static List<String> argv(Object... parts) {
        List<String> argv = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                list.forEach(p -> argv.add(p.toString()));
            } else {
                argv.add(part.toString());
            }
        }
        return argv;
    }
}
