package lab.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.api.Cancellation;
import capa.api.Outcome;
import capa.api.Problem;
import capa.api.ProcedureContext;
import capa.api.RunLog;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The procedure as capa runs it: preflight, then run into an output directory. */
class SetpointFitTest {

    @TempDir
    Path outputs;

    private final List<String> log = new ArrayList<>();

    @Test
    void theFitIsWrittenAsCsvOneRowPerSetpointAndOnePerCoefficient() throws Exception {
        var config = new SetpointFit.Config(List.of(0.0, 1.0, 2.0, 3.0), List.of(1.0, 3.0, 2.0, 4.0), null);
        assertEquals(List.of(), new SetpointFit().preflight(context(), config).toCompletableFuture().get());
        new SetpointFit().run(context(), config).toCompletableFuture().get();

        List<CSVRecord> points = read("setpoint-fit.csv");
        assertEquals(4, points.size());
        assertEquals(List.of("1.00000", "3.00000", "2.10000", "0.900000"), points.get(1).toList());
        List<CSVRecord> coefficients = read("setpoint-fit-coefficients.csv");
        assertEquals(List.of("0", "1.30000"), coefficients.get(0).toList());
        assertEquals(List.of("1", "0.800000"), coefficients.get(1).toList());
        assertTrue(log.getFirst().startsWith("fit of degree 1 over 4 setpoints: coefficients 1.30000, 0.800000;"),
                log::toString);
    }

    @Test
    void preflightBlocksWhatCannotBeFitted() throws Exception {
        var unpaired = new SetpointFit.Config(List.of(20.0, 40.0), List.of(20.1), null);
        var tooFew = new SetpointFit.Config(List.of(20.0, 40.0), List.of(20.1, 40.3), 2);
        var twice = new SetpointFit.Config(List.of(20.0, 20.0, 40.0), List.of(20.1, 20.2, 40.3), 1);
        var degree = new SetpointFit.Config(List.of(20.0, 40.0), List.of(20.1, 40.3), 0);
        for (var config : List.of(unpaired, tooFew, twice, degree)) {
            List<Problem> problems = new SetpointFit().preflight(context(), config).toCompletableFuture().get();
            assertTrue(problems.stream().anyMatch(Problem::blocking), config::toString);
        }
    }

    private List<CSVRecord> read(String name) throws IOException {
        try (Reader in = Files.newBufferedReader(outputs.resolve(name))) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    private ProcedureContext context() {
        return new ProcedureContext() {
            public String runId() {
                return "test";
            }

            public RunLog log() {
                return new RunLog() {
                    public void info(String message) {
                        log.add(message);
                    }

                    public void warn(String message) {
                        log.add(message);
                    }

                    public void error(String message) {
                        log.add(message);
                    }
                };
            }

            public void progress(double fraction, String message) {
            }

            public Cancellation cancellation() {
                return new Cancellation() {
                    public boolean isCancelled() {
                        return false;
                    }

                    public CompletionStage<Void> whenCancelled() {
                        return new CompletableFuture<>();
                    }
                };
            }

            public Path outputDirectory() {
                return outputs;
            }

            public CompletionStage<Outcome> runProcedure(String procedureId, Map<String, Object> configuration) {
                throw new UnsupportedOperationException("the fit runs no other procedure");
            }

            public Optional<String> refusalFor(String procedureId) {
                return Optional.empty();
            }
        };
    }
}
