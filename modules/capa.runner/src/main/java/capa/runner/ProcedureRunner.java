package capa.runner;

import capa.api.Outcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Starts runs: resolves the id through the gating in force, binds the configuration, creates
 * the run record, then preflight and run (see {@link ActiveRun}). Top-level runs and nested
 * runs take the same path.
 */
public final class ProcedureRunner {

    /** How an attempt to start a run ended. */
    public sealed interface Launch {
        /**
         * Gating refused the id, or no record could be created; nothing ran.
         *
         * @param reason the refusal, as the operator reads it
         */
        record Refused(String reason) implements Launch {
        }

        /**
         * The configuration does not fit the procedure's record; nothing ran but, possibly,
         * the record's constructor.
         *
         * @param procedureId the procedure
         * @param problems one line per problem, each naming its key
         */
        record Invalid(String procedureId, List<String> problems) implements Launch {
            public Invalid {
                problems = List.copyOf(problems);
            }

            /** The operator's message: a header and one indented line per problem. */
            public String message() {
                return "invalid configuration for " + procedureId + ":\n  " + String.join("\n  ", problems);
            }
        }

        /** The run has a record and is under way. */
        record Started(ActiveRun run) implements Launch {
        }
    }

    private final ProcedureResolver resolver;
    private final RunSettings settings;
    private final PrintWriter operator;
    private final PrintWriter errors;

    /**
     * @param resolver the gating in force
     * @param settings what all runs share
     * @param operator where log and progress lines go, with timestamps
     * @param errors where stack traces go when {@link RunSettings#verbose()} is set
     */
    public ProcedureRunner(ProcedureResolver resolver, RunSettings settings, PrintWriter operator,
                           PrintWriter errors) {
        this.resolver = resolver;
        this.settings = settings;
        this.operator = operator;
        this.errors = errors;
    }

    /** Starts a top-level run. */
    public Launch launch(String procedureId, Map<String, ?> configuration) {
        return launch(procedureId, configuration, null);
    }

    Launch launch(String procedureId, Map<String, ?> configuration, ActiveRun parent) {
        ResolvedProcedure procedure;
        switch (resolver.resolve(procedureId)) {
            case ProcedureResolver.Resolution.Refused(String reason) -> {
                return new Launch.Refused(reason);
            }
            case ProcedureResolver.Resolution.Runnable(ResolvedProcedure p) -> procedure = p;
        }
        BoundConfiguration<?> bound;
        try {
            bound = ConfigurationBinder.bind(procedure.configType(), configuration);
        } catch (ConfigurationException e) {
            return new Launch.Invalid(procedureId, e.problems());
        } catch (RuntimeException | LinkageError e) {
            if (!UnloadableConfiguration.isUnloadable(e)) {
                throw e;
            }
            return new Launch.Refused(UnloadableConfiguration.reason(procedureId, e));
        }
        RunRecord record;
        try {
            record = RunRecord.create(settings.runsRoot(), settings.clock());
        } catch (IOException e) {
            return new Launch.Refused("cannot create a run record under " + settings.runsRoot()
                    + ": " + e.getMessage());
        }
        ActiveRun run = new ActiveRun(this, procedure, bound, record, parent);
        try {
            run.start();
        } catch (UncheckedIOException e) {
            return new Launch.Refused(e.getMessage());
        }
        return new Launch.Started(run);
    }

    /** A nested run for {@link capa.api.ProcedureContext#runProcedure}: every ending is an outcome. */
    CompletionStage<Outcome> nested(String procedureId, Map<String, Object> configuration, ActiveRun parent) {
        if (parent.cancellation().isCancelled()) {
            return CompletableFuture.completedFuture(new Outcome.Refused(
                    "not started: run " + parent.runId() + " is being cancelled"));
        }
        Launch launch = launch(procedureId, configuration == null ? Map.of() : configuration, parent);
        return switch (launch) {
            case Launch.Refused(String reason) -> CompletableFuture.completedFuture(new Outcome.Refused(reason));
            case Launch.Invalid invalid -> CompletableFuture.completedFuture(new Outcome.Refused(invalid.message()));
            case Launch.Started(ActiveRun run) -> run.outcome();
        };
    }

    Optional<String> refusalFor(String procedureId) {
        return switch (resolver.resolve(procedureId)) {
            case ProcedureResolver.Resolution.Refused(String reason) -> Optional.of(reason);
            case ProcedureResolver.Resolution.Runnable _ -> Optional.empty();
        };
    }

    RunSettings settings() {
        return settings;
    }

    synchronized void toOperator(String line) {
        operator.println(line);
        operator.flush();
    }

    synchronized void traceToOperator(Throwable failure) {
        if (settings.verbose()) {
            failure.printStackTrace(errors);
            errors.flush();
        }
    }
}
