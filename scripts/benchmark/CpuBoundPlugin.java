import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The bench's CPU-bound procedure, {@code bench.cpu.work}: for {@code rounds} rounds it draws
 * 4096 values, sorts them, fits a least-squares line through them and histograms them, the
 * kind of number crunching a lab procedure does between instrument reads. It times its own
 * work and logs {@code work_ms=N}, so that the JVM's start and capa's discovery are not part
 * of what the JIT target compares. Shipped with the bench only, never in the image.
 */
final class CpuBoundPlugin {

    static final String ID = "bench.cpu.work";
    private static final Pattern WORK_MILLIS = Pattern.compile("work_ms=(\\d+)");

    private static final String SOURCE = """
            package bench.cpu;

            import capa.api.Problem;
            import capa.api.Procedure;
            import capa.api.ProcedureContext;
            import capa.api.ProcedureInfo;
            import java.util.Arrays;
            import java.util.List;
            import java.util.SplittableRandom;
            import java.util.concurrent.CompletableFuture;
            import java.util.concurrent.CompletionStage;

            @ProcedureInfo(id = "bench.cpu.work", name = "Bench CPU work",
                    description = "Sorts, fits and histograms 4096 values per round; logs work_ms.")
            public final class Work implements Procedure<Work.Config> {
                public record Config(int rounds) {
                }

                @Override
                public CompletionStage<List<Problem>> preflight(ProcedureContext context, Config config) {
                    return CompletableFuture.completedFuture(List.of());
                }

                @Override
                public CompletionStage<Void> run(ProcedureContext context, Config config) {
                    long start = System.nanoTime();
                    double checksum = 0;
                    SplittableRandom random = new SplittableRandom(42);
                    double[] values = new double[4096];
                    long[] histogram = new long[64];
                    for (int round = 0; round < config.rounds(); round++) {
                        for (int i = 0; i < values.length; i++) {
                            values[i] = 20 + 5 * random.nextGaussian() + i * 1e-3;
                        }
                        double[] sorted = values.clone();
                        Arrays.sort(sorted);
                        checksum += fitSlope(values) + sorted[sorted.length / 2];
                        checksum += histogram(sorted, histogram);
                    }
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    context.log().info("work_ms=" + millis + " checksum=" + checksum);
                    return CompletableFuture.completedFuture(null);
                }

                private static double fitSlope(double[] y) {
                    double n = y.length, sx = 0, sy = 0, sxx = 0, sxy = 0;
                    for (int i = 0; i < y.length; i++) {
                        sx += i;
                        sy += y[i];
                        sxx += (double) i * i;
                        sxy += i * y[i];
                    }
                    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
                }

                private static long histogram(double[] sorted, long[] bins) {
                    Arrays.fill(bins, 0);
                    double low = sorted[0], width = (sorted[sorted.length - 1] - low) / bins.length;
                    for (double v : sorted) {
                        bins[Math.min(bins.length - 1, (int) ((v - low) / width))]++;
                    }
                    long peak = 0;
                    for (long b : bins) {
                        peak = Math.max(peak, b);
                    }
                    return peak;
                }
            }
            """;

    private CpuBoundPlugin() {
    }

    /** Compiles the procedure against capa-api into a plain JAR {@code bench-cpu-1.0.0.jar} in {@code dir}. */
    static Path write(Path capaApiJar, Path work, Path dir) throws IOException {
        Path classes = GeneratedPlugins.javac(capaApiJar, work, "bench/cpu/Work.java", SOURCE);
        Files.createDirectories(dir);
        Path jar = dir.resolve("bench-cpu-1.0.0.jar");
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            entry(zip, "META-INF/services/capa.api.Procedure", "bench.cpu.Work\n".getBytes());
            for (String name : new String[] {"Work.class", "Work$Config.class"}) {
                entry(zip, "bench/cpu/" + name, Files.readAllBytes(classes.resolve("bench/cpu").resolve(name)));
            }
        }
        return jar;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** The procedure's own time from a run's output, or -1 when it did not log one. */
    static long workMillis(String output) {
        Matcher matcher = WORK_MILLIS.matcher(output);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }
}
