package capa.builtin;

import capa.api.Outcome;
import capa.api.Problem;
import capa.api.Procedure;
import capa.api.ProcedureContext;
import capa.api.ProcedureInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs an inner procedure a number of times, with a cooldown between iterations. Each
 * iteration is a nested run: gated like a top-level run, with its own run record linked to
 * the batch's.
 */
@ProcedureInfo(id = "capa.builtin.batch", name = "Batch",
        description = "Runs the inner procedure iterations times (1-10000), cooldown_s seconds apart; "
                + "fail_fast (default true) stops at the first failed iteration.")
public final class Batch implements Procedure<Batch.Config> {

    static final String ID = "capa.builtin.batch";
    static final int MAX_ITERATIONS = 10_000;

    /**
     * @param inner the inner procedure's id
     * @param config the inner procedure's configuration
     * @param iterations how many times to run it, 1 to 10000
     * @param cooldown_s seconds to wait between iterations; absent: 0
     * @param fail_fast whether the first failed iteration stops the batch; absent: true
     */
    public record Config(String inner, Map<String, Object> config, int iterations,
                         Double cooldown_s, Boolean fail_fast) {

        double cooldown() {
            return cooldown_s == null ? 0 : cooldown_s;
        }

        boolean failFast() {
            return fail_fast == null || fail_fast;
        }
    }

    @Override
    public CompletionStage<List<Problem>> preflight(ProcedureContext context, Config config) {
        List<Problem> problems = new ArrayList<>();
        if (config.inner().isBlank()) {
            problems.add(Problem.blocking("inner: name the procedure to repeat"));
        } else if (config.inner().equals(ID)) {
            problems.add(Problem.blocking("inner: a batch cannot wrap another batch"));
        } else {
            context.refusalFor(config.inner()).ifPresent(reason -> problems.add(Problem.blocking(reason)));
        }
        if (config.iterations() < 1 || config.iterations() > MAX_ITERATIONS) {
            problems.add(Problem.blocking("iterations must be from 1 to " + MAX_ITERATIONS
                    + ", not " + config.iterations()));
        }
        if (!(config.cooldown() >= 0 && Double.isFinite(config.cooldown()))) {
            problems.add(Problem.blocking("cooldown_s must be 0 or more seconds, not " + config.cooldown_s()));
        }
        return CompletableFuture.completedFuture(problems);
    }

    @Override
    public CompletionStage<Void> run(ProcedureContext context, Config config) {
        return Sequential.run(context, "batch", () -> iterate(context, config));
    }

    private static void iterate(ProcedureContext context, Config config) throws InterruptedException {
        int n = config.iterations();
        int failed = 0;
        context.log().info("batch.started: " + n + " x " + config.inner()
                + (config.failFast() ? " (fail_fast)" : ""));
        for (int i = 1; i <= n; i++) {
            if (context.cancellation().isCancelled()) {
                throw new CancellationException("batch cancelled before iteration " + i + " of " + n);
            }
            Outcome outcome = context.runProcedure(config.inner(), config.config()).toCompletableFuture().join();
            String line = "batch.iteration " + i + "/" + n + ": " + outcome.summary();
            context.progress((double) i / n, line);
            switch (outcome) {
                case Outcome.Succeeded _ -> context.log().info(line);
                case Outcome.Cancelled _ -> throw new CancellationException(line);
                // Gating or configuration: every further iteration would be refused the same way.
                case Outcome.Refused _ -> throw new IllegalStateException(line);
                case Outcome.Failed _, Outcome.Blocked _ -> {
                    context.log().error(line);
                    failed++;
                    if (config.failFast()) {
                        throw new IllegalStateException("iteration " + i + " of " + n + " "
                                + outcome.summary() + " (fail_fast)");
                    }
                }
            }
            if (i < n && config.cooldown() > 0) {
                Sequential.pause(context, config.cooldown());
            }
        }
        context.log().info("batch.ended: " + (n - failed) + " of " + n + " iterations succeeded");
        if (failed > 0) {
            throw new IllegalStateException(failed + " of " + n + " iterations failed");
        }
    }
}
