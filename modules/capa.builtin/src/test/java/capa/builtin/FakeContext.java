package capa.builtin;

import capa.api.Cancellation;
import capa.api.Outcome;
import capa.api.ProcedureContext;
import capa.api.RunLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A context that records log lines and trusts only the ids it is given. */
final class FakeContext implements ProcedureContext {

    final List<String> lines = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> cancelled = new CompletableFuture<>();
    private final Set<String> trusted;

    FakeContext(String... trusted) {
        this.trusted = Set.of(trusted);
    }

    @Override
    public String runId() {
        return "test-run";
    }

    @Override
    public RunLog log() {
        return new RunLog() {
            public void info(String message) {
                lines.add(message);
            }

            public void warn(String message) {
                lines.add(message);
            }

            public void error(String message) {
                lines.add(message);
            }
        };
    }

    @Override
    public void progress(double fraction, String message) {
    }

    @Override
    public Cancellation cancellation() {
        return new Cancellation() {
            public boolean isCancelled() {
                return cancelled.isDone();
            }

            public CompletionStage<Void> whenCancelled() {
                return cancelled.minimalCompletionStage();
            }
        };
    }

    @Override
    public Path outputDirectory() {
        return Path.of(".");
    }

    @Override
    public CompletionStage<Outcome> runProcedure(String procedureId, Map<String, Object> configuration) {
        return CompletableFuture.completedFuture(refusalFor(procedureId)
                .<Outcome>map(Outcome.Refused::new).orElse(new Outcome.Succeeded("child")));
    }

    @Override
    public Optional<String> refusalFor(String procedureId) {
        return trusted.contains(procedureId) ? Optional.empty()
                : Optional.of("procedure '" + procedureId + "' is not in the trusted registry");
    }
}
