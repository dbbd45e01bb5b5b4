package capa.runner;

import capa.api.Outcome;
import capa.api.Problem;
import capa.api.Procedure;
import capa.base.PluginCoordinates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run under way: its record, its cancellation, and the procedure's preflight and run.
 * It ends exactly once, with an {@link Outcome}; the manifest is final before the outcome is
 * visible, so whoever waits for the outcome (the command line, an enclosing batch) can rely
 * on the record.
 */
public final class ActiveRun {

    private final ProcedureRunner runner;
    private final ResolvedProcedure procedure;
    private final BoundConfiguration<?> configuration;
    private final RunRecord record;
    private final ActiveRun parent;
    private final CancellationSignal cancellation = new CancellationSignal();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final List<ActiveRun> children = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final String startedAt;
    private volatile String cancelReason = "cancelled";

    ActiveRun(ProcedureRunner runner, ResolvedProcedure procedure, BoundConfiguration<?> configuration,
              RunRecord record, ActiveRun parent) {
        this.runner = runner;
        this.procedure = procedure;
        this.configuration = configuration;
        this.record = record;
        this.parent = parent;
        this.startedAt = Timestamps.now(runner.settings().clock());
    }

    public String runId() {
        return record.runId();
    }

    /** The run's record directory. */
    public Path directory() {
        return record.directory();
    }

    public String procedureId() {
        return procedure.id();
    }

    /** Completes, never exceptionally, once the run has ended and its manifest is final. */
    public CompletionStage<Outcome> outcome() {
        return outcome.minimalCompletionStage();
    }

    /** Waits for the run to end. */
    public Outcome awaitOutcome() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a run's outcome never completes exceptionally", e);
        }
    }

    /**
     * What Ctrl-C does: cancels the run (and its nested runs) through the context, waits up to
     * the grace period for the procedure to stop, and records the run as cancelled, even if
     * the procedure never stops.
     */
    public Outcome interrupt() {
        cancel("cancelled by the operator (interrupt)");
        long graceMillis = runner.settings().cancelGrace().toMillis();
        try {
            return outcome.get(graceMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            forceCancelled("cancelled by the operator; the procedure did not stop within "
                    + runner.settings().cancelGrace().toSeconds() + " s, so capa stopped waiting");
            return outcome.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a run's outcome never completes exceptionally", e);
        }
    }

    CancellationSignal cancellation() {
        return cancellation;
    }

    void cancel(String reason) {
        if (!cancellation.isCancelled()) {
            cancelReason = reason;
        }
        cancellation.cancel();
    }

    private void forceCancelled(String reason) {
        List<ActiveRun> nested;
        synchronized (children) {
            nested = List.copyOf(children);
        }
        nested.forEach(child -> child.forceCancelled("the enclosing run " + runId() + " was cancelled"));
        end(new Outcome.Cancelled(runId()), reason, null);
    }

    void start() {
        if (parent != null) {
            parent.adopt(this);
            parent.cancellation.whenCancelled().thenRun(
                    () -> cancel("the enclosing run " + parent.runId() + " was cancelled"));
        }
        record.writeManifest(manifest("running", null, null));
        log("INFO", "run " + runId() + " started: " + procedure.id()
                + (parent == null ? "" : " (in run " + parent.runId() + ")")
                + "; record " + record.directory());
        // Plugin code gets a thread of its own: a preflight() or run() that blocks instead of
        // returning a stage must not hold the caller, who has to be able to cancel the run and
        // record it. A daemon, so that a plugin that never returns cannot keep the JVM alive.
        Thread.ofPlatform().name("capa-run-" + runId()).daemon().start(this::preflightAndRun);
    }

    private void preflightAndRun() {
        Procedure<Record> instance;
        CompletionStage<List<Problem>> preflight;
        RunContext context = new RunContext(this, runner);
        try {
            instance = instantiate();
            preflight = instance.preflight(context, configuration.record());
            if (preflight == null) {
                throw new IllegalStateException(procedure.id() + ": preflight() returned null instead of a stage");
            }
        } catch (Throwable failure) {
            failed(failure);
            return;
        }
        preflight.whenComplete((found, failure) -> {
            if (failure != null) {
                failed(failure);
            } else {
                afterPreflight(instance, context, found == null ? List.of() : found);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private Procedure<Record> instantiate() {
        return (Procedure<Record>) procedure.factory().get();
    }

    private void afterPreflight(Procedure<Record> instance, RunContext context, List<Problem> found) {
        List<String> blocking = new ArrayList<>();
        for (Problem problem : found) {
            if (problem == null) {
                continue;
            }
            synchronized (problems) {
                problems.add(problem);
            }
            log(problem.blocking() ? "ERROR" : "WARN", "preflight: "
                    + problem.severity().name().toLowerCase(Locale.ROOT) + ": " + problem.message());
            if (problem.blocking()) {
                blocking.add(problem.message());
            }
        }
        if (!blocking.isEmpty()) {
            end(new Outcome.Blocked(runId(), blocking), "preflight found " + blocking.size()
                    + " blocking problem" + (blocking.size() == 1 ? "" : "s"), null);
            return;
        }
        if (cancellation.isCancelled()) {
            end(new Outcome.Cancelled(runId()), cancelReason, null);
            return;
        }
        CompletionStage<Void> run;
        try {
            run = instance.run(context, configuration.record());
            if (run == null) {
                throw new IllegalStateException(procedure.id() + ": run() returned null instead of a stage");
            }
        } catch (Throwable failure) {
            failed(failure);
            return;
        }
        run.whenComplete((ignored, failure) -> {
            if (failure != null) {
                failed(failure);
            } else if (cancellation.isCancelled()) {
                end(new Outcome.Cancelled(runId()), cancelReason, null);
            } else {
                end(new Outcome.Succeeded(runId()), null, null);
            }
        });
    }

    private void failed(Throwable failure) {
        if (cancellation.isCancelled()) {
            end(new Outcome.Cancelled(runId()), cancelReason, null);
            return;
        }
        Throwable cause = unwrap(failure);
        String message = messageOf(thrownByPlugin(cause));
        end(new Outcome.Failed(runId(), message), message, cause);
    }

    /**
     * What the plugin itself threw, when the JDK wrapped it on the way: a constructor or
     * static initialiser that throws reaches capa as "Provider … could not be instantiated",
     * which tells the operator nothing; the plugin's own message does. The trace keeps the
     * whole chain.
     */
    private static Throwable thrownByPlugin(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ServiceConfigurationError || t instanceof ExceptionInInitializerError
                || t instanceof InvocationTargetException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The procedure's message, or the exception's type when it gave none. */
    static String messageOf(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getName() : message;
    }

    private void end(Outcome result, String message, Throwable cause) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        String status = switch (result) {
            case Outcome.Succeeded _ -> "succeeded";
            case Outcome.Failed _ -> "failed";
            case Outcome.Cancelled _ -> "cancelled";
            case Outcome.Blocked _ -> "refused";
            case Outcome.Refused _ -> throw new IllegalStateException("a started run is never refused");
        };
        if (cause != null) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().forEach(record::logLine);
            runner.traceToOperator(cause);
        }
        log(result instanceof Outcome.Succeeded ? "INFO" : "ERROR",
                "run " + runId() + " " + status + (message == null ? "" : ": " + message));
        try {
            record.writeManifest(manifest(status, message, Timestamps.now(runner.settings().clock())));
        } catch (UncheckedIOException e) {
            runner.toOperator("capa: " + e.getMessage());
        }
        record.close();
        outcome.complete(result);
    }

    void adopt(ActiveRun child) {
        synchronized (children) {
            children.add(child);
        }
    }

    void log(String level, String message) {
        String line = Timestamps.now(runner.settings().clock()) + " " + "%-8s".formatted(level)
                + " [" + procedure.id() + "] " + oneLine(message);
        record.logLine(line);
        runner.toOperator(line);
    }

    /** A procedure's message is one line; embedded line breaks are shown, not obeyed. */
    private static String oneLine(String message) {
        String text = String.valueOf(message);
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }

    private Map<String, Object> manifest(String status, String message, String endedAt) {
        RunSettings settings = runner.settings();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", 1);
        m.put("run_id", runId());
        m.put("procedure", procedure.id());
        m.put("status", status);
        m.put("message", message);
        m.put("plugin_mode", settings.pluginMode().label());
        m.put("started_at", startedAt);
        m.put("ended_at", endedAt);
        m.put("parent_run", parent == null ? null : parent.runId());
        synchronized (children) {
            m.put("child_runs", children.stream().map(ActiveRun::runId).toList());
        }
        m.put("configuration", configuration.canonical());
        synchronized (problems) {
            m.put("preflight_problems", problems.stream().map(p -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("severity", p.severity().name().toLowerCase(Locale.ROOT));
                json.put("message", p.message());
                return json;
            }).toList());
        }
        m.put("log", RunRecord.LOG);
        m.put("outputs", RunRecord.OUTPUTS);
        Map<String, Object> plugins = new LinkedHashMap<>();
        plugins.put("procedure", json(procedure.provenance()));
        plugins.put("loaded", settings.loadedPlugins().get().stream().map(ActiveRun::json).toList());
        Map<String, Object> lock = null;
        if (settings.lockPath().isPresent()) {
            lock = new LinkedHashMap<>();
            lock.put("path", settings.lockPath().get().toString());
            lock.put("entries", settings.lockEntries().stream().map(ActiveRun::json).toList());
        }
        plugins.put("lock", lock);
        m.put("plugins", plugins);
        return m;
    }

    /** One plugin's coordinates as the manifest records them. */
    private static Map<String, Object> json(PluginCoordinates coordinates) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", coordinates.id().value());
        json.put("package", coordinates.packageName());
        json.put("version", coordinates.version());
        json.put("entry_point", coordinates.entryPoint());
        json.put("hash", coordinates.hash().toString());
        return json;
    }

    Path outputs() {
        return record.outputs();
    }
}
