package capa.contrib;

import capa.api.Problem;
import capa.api.Procedure;
import capa.api.ProcedureContext;
import capa.api.ProcedureInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Holds a bath at a setpoint for a while, logging once per second, and writes a small
 * summary into the run's output directory. A template: the id, the name, the configuration
 * record and the two methods are all a procedure needs.
 */
@ProcedureInfo(id = "capa.contrib.hold_setpoint", name = "Hold a setpoint",
        description = "Holds the bath at setpoint_c for hold_s seconds.")
public final class HoldSetpoint implements Procedure<HoldSetpoint.Config> {

    /** The bath's rated maximum; a setpoint above it is refused before anything moves. */
    private static final double BATH_LIMIT_C = 95.0;

    /**
     * @param setpoint_c the temperature to hold, in degrees Celsius
     * @param hold_s how long to hold it, in seconds
     */
    public record Config(double setpoint_c, long hold_s) {
    }

    @Override
    public CompletionStage<List<Problem>> preflight(ProcedureContext context, Config config) {
        List<Problem> problems = new ArrayList<>();
        if (config.setpoint_c() > BATH_LIMIT_C) {
            problems.add(Problem.blocking("setpoint_c " + config.setpoint_c()
                    + " is above the bath's " + BATH_LIMIT_C + " C limit"));
        }
        if (config.hold_s() < 0) {
            problems.add(Problem.blocking("hold_s must be 0 or more seconds"));
        }
        return CompletableFuture.completedFuture(problems);
    }

    @Override
    public CompletionStage<Void> run(ProcedureContext context, Config config) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.log().info("holding " + config.setpoint_c() + " C for " + config.hold_s() + " s");
        context.cancellation().whenCancelled().thenRun(() -> done.cancel(false));
        tick(context, config, 0, done);
        return done.thenRun(() -> writeSummary(context, config));
    }

    private static void tick(ProcedureContext context, Config config, long second,
                             CompletableFuture<Void> done) {
        if (done.isDone()) {
            return;
        }
        context.progress(config.hold_s() == 0 ? 1.0 : (double) second / config.hold_s(),
                "held " + second + " of " + config.hold_s() + " s");
        if (second >= config.hold_s()) {
            done.complete(null);
            return;
        }
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS)
                .execute(() -> tick(context, config, second + 1, done));
    }

    private static void writeSummary(ProcedureContext context, Config config) {
        Path summary = context.outputDirectory().resolve("hold-setpoint.txt");
        try {
            Files.writeString(summary, "setpoint_c=" + config.setpoint_c()
                    + "\nhold_s=" + config.hold_s() + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + summary, e);
        }
    }
}
