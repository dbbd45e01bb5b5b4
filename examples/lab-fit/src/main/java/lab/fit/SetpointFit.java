package lab.fit;

import capa.api.Problem;
import capa.api.Procedure;
import capa.api.ProcedureContext;
import capa.api.ProcedureInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Calibrates a bath sensor: fits what was measured at each setpoint with a least-squares
 * polynomial (Apache Commons Math) and writes the fit to the run's outputs as CSV (Apache
 * Commons CSV): {@code setpoint-fit.csv}, one row per setpoint, and
 * {@code setpoint-fit-coefficients.csv}, one row per power.
 */
@ProcedureInfo(id = "lab.fit.setpoint_fit", name = "Fit a setpoint calibration",
        description = "Least-squares fit of measured_c against setpoint_c, written as CSV.")
public final class SetpointFit implements Procedure<SetpointFit.Config> {

    private static final int MAX_DEGREE = 5;

    /**
     * @param setpoint_c the setpoints, in degrees Celsius
     * @param measured_c what the sensor read at each setpoint once settled, same order
     * @param degree the polynomial's degree (absent: 1, a straight line)
     */
    public record Config(List<Double> setpoint_c, List<Double> measured_c, Integer degree) {

        int degreeOrDefault() {
            return degree == null ? 1 : degree;
        }
    }

    @Override
    public CompletionStage<List<Problem>> preflight(ProcedureContext context, Config config) {
        List<Problem> problems = new ArrayList<>();
        int degree = config.degreeOrDefault();
        if (degree < 1 || degree > MAX_DEGREE) {
            problems.add(Problem.blocking("degree must be 1 to " + MAX_DEGREE + ", got " + degree));
        }
        if (config.setpoint_c().size() != config.measured_c().size()) {
            problems.add(Problem.blocking(config.setpoint_c().size() + " setpoint_c values but "
                    + config.measured_c().size() + " measured_c values: give one measurement per setpoint"));
        } else if (config.setpoint_c().size() < degree + 1) {
            problems.add(Problem.blocking("a degree-" + degree + " fit needs at least " + (degree + 1)
                    + " setpoints, got " + config.setpoint_c().size()));
        }
        if (config.setpoint_c().stream().distinct().count() < config.setpoint_c().size()) {
            problems.add(Problem.blocking("setpoint_c holds a setpoint twice"));
        }
        return CompletableFuture.completedFuture(problems);
    }

    @Override
    public CompletionStage<Void> run(ProcedureContext context, Config config) {
        CalibrationFit fit = CalibrationFit.of(config.setpoint_c(), config.measured_c(), config.degreeOrDefault());
        try {
            writePoints(fit, context.outputDirectory().resolve("setpoint-fit.csv"));
            writeCoefficients(fit, context.outputDirectory().resolve("setpoint-fit-coefficients.csv"));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException("cannot write the fit", e));
        }
        context.log().info("fit of degree " + config.degreeOrDefault() + " over " + fit.points().size()
                + " setpoints: coefficients " + String.join(", ", formatted(fit.coefficients()))
                + "; rms residual " + format(fit.rmsResidual()) + " C");
        return CompletableFuture.completedFuture(null);
    }

    private static void writePoints(CalibrationFit fit, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = CSVFormat.DEFAULT.builder()
                     .setHeader("setpoint_c", "measured_c", "fitted_c", "residual_c").get().print(out)) {
            for (CalibrationFit.Point point : fit.points()) {
                csv.printRecord(format(point.setpoint()), format(point.measured()), format(point.fitted()),
                        format(point.residual()));
            }
        }
    }

    private static void writeCoefficients(CalibrationFit fit, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader("power", "coefficient").get().print(out)) {
            for (int power = 0; power < fit.coefficients().length; power++) {
                csv.printRecord(power, format(fit.coefficients()[power]));
            }
        }
    }

    private static List<String> formatted(double[] values) {
        List<String> texts = new ArrayList<>();
        for (double value : values) {
            texts.add(format(value));
        }
        return texts;
    }

    /** Six significant digits, with a decimal point whatever the rig's locale. */
    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
