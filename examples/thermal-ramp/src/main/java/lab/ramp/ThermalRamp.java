package lab.ramp;

import capa.api.Problem;
import capa.api.Procedure;
import capa.api.ProcedureContext;
import capa.api.ProcedureInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Ramps a block's temperature from one setpoint to another in steps. */
@ProcedureInfo(id = "lab.ramp.thermal_ramp", name = "Thermal ramp",
        description = "Ramps from start_c to end_c in steps of step_c.")
public final class ThermalRamp implements Procedure<ThermalRamp.Config> {

    /**
     * @param start_c where the ramp starts, in degrees Celsius
     * @param end_c where it ends
     * @param step_c the size of one step, positive
     */
    public record Config(double start_c, double end_c, double step_c) {
    }

    @Override
    public CompletionStage<List<Problem>> preflight(ProcedureContext context, Config config) {
        List<Problem> problems = new ArrayList<>();
        if (config.step_c() <= 0) {
            problems.add(Problem.blocking("step_c must be positive"));
        }
        if (Math.max(config.start_c(), config.end_c()) > 110) {
            problems.add(Problem.blocking("the block is rated to 110 C"));
        }
        return CompletableFuture.completedFuture(problems);
    }

    @Override
    public CompletionStage<Void> run(ProcedureContext context, Config config) {
        return CompletableFuture.runAsync(() -> {
            double direction = Math.signum(config.end_c() - config.start_c());
            double span = Math.abs(config.end_c() - config.start_c());
            int steps = (int) Math.ceil(span / config.step_c());
            for (int i = 0; i <= steps && !context.cancellation().isCancelled(); i++) {
                double t = config.start_c() + direction * Math.min(span, i * config.step_c());
                context.log().info("setpoint " + t + " C");
                context.progress(steps == 0 ? 1.0 : (double) i / steps, "ramping");
            }
        });
    }
}
