package capa.runner;

import capa.api.Cancellation;
import capa.api.Outcome;
import capa.api.ProcedureContext;
import capa.api.RunLog;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** What one run's procedure sees of capa. */
final class RunContext implements ProcedureContext {

    private final ActiveRun run;
    private final ProcedureRunner runner;
    private final RunLog log;

    RunContext(ActiveRun run, ProcedureRunner runner) {
        this.run = run;
        this.runner = runner;
        this.log = new RunLog() {
            @Override
            public void info(String message) {
                run.log("INFO", message);
            }

            @Override
            public void warn(String message) {
                run.log("WARN", message);
            }

            @Override
            public void error(String message) {
                run.log("ERROR", message);
            }
        };
    }

    @Override
    public String runId() {
        return run.runId();
    }

    @Override
    public RunLog log() {
        return log;
    }

    @Override
    public void progress(double fraction, String message) {
        double clamped = Double.isNaN(fraction) ? 0 : Math.clamp(fraction, 0.0, 1.0);
        run.log("PROGRESS", Math.round(clamped * 100) + "% " + message);
    }

    @Override
    public Cancellation cancellation() {
        return run.cancellation();
    }

    @Override
    public Path outputDirectory() {
        return run.outputs();
    }

    @Override
    public CompletionStage<Outcome> runProcedure(String procedureId, Map<String, Object> configuration) {
        return runner.nested(procedureId, configuration, run);
    }

    @Override
    public Optional<String> refusalFor(String procedureId) {
        return runner.refusalFor(procedureId);
    }
}
