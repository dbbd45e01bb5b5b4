package capa.cli.run;

import capa.api.Outcome;
import capa.base.TerminalText;
import capa.cli.Arg;
import capa.cli.CapaException;
import capa.cli.CommandSpecs;
import capa.cli.ExitCode;
import capa.cli.PluginSources;
import capa.runner.ActiveRun;
import capa.runner.ConfigurationException;
import capa.runner.ProcedureRunner;
import capa.runner.RunFile;
import capa.runner.RunSettings;
import capa.runner.SetAssignments;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Model.CommandSpec;

/** {@code capa run}: runs one procedure headless and keeps its run record. */
public final class RunCommand implements Callable<Integer> {

    private CommandSpec spec;
    private PluginSources sources;
    /** A day: longer than any procedure should need to stop, short enough to count in milliseconds. */
    private static final long MAX_CANCEL_GRACE_SECONDS = 86_400;

    private Arg<Path> configFile;
    private Arg<String> procedureId;
    private Arg<List<String>> assignments;
    private Arg<Path> runsRoot;
    private Arg<Boolean> verbose;
    private Arg<Boolean> describe;
    private Arg<Long> cancelGraceSeconds;

    private RunCommand() {
    }

    public static CommandSpec spec() {
        RunCommand command = new RunCommand();
        CommandSpec spec = CommandSpecs.subcommand(command, "run",
                new String[] {"capa run [OPTIONS] CONFIG.toml",
                    "   or: capa run [OPTIONS] --procedure ID [--set KEY=VALUE]..."},
                "Run a procedure headless.",
                "",
                "  CONFIG.toml names the procedure (procedure = \"...\") and its [config] table.",
                "  The plugin mode comes from $CAPA_PLUGIN_MODE only; production needs a",
                "  plugins.lock. Exit 0: completed; 1: failed, blocked or not trusted;",
                "  2: usage or configuration error; 130: interrupted (Ctrl-C).");
        command.configFile = CommandSpecs.add(spec, CommandSpecs.parameter("CONFIG.toml", Path.class,
                "Run file: procedure and [config].").arity("0..1").converters(CommandSpecs.PATH).build());
        command.procedureId = CommandSpecs.add(spec, CommandSpecs.option("--procedure", "ID", String.class,
                "Procedure to run, without a run file.").build());
        command.assignments = CommandSpecs.add(spec, CommandSpecs.option("--set", "KEY=VALUE", List.class,
                "A configuration value; repeatable.").auxiliaryTypes(String.class).build());
        command.sources = PluginSources.addTo(spec);
        command.runsRoot = CommandSpecs.add(spec, CommandSpecs.option("--runs-root", "DIR", Path.class,
                "Where run records go (default: ./runs).").defaultValue("runs").converters(CommandSpecs.PATH).build());
        command.verbose = CommandSpecs.add(spec, CommandSpecs.flag("--verbose", -1, "Show stack traces of failures."));
        command.describe = CommandSpecs.add(spec,
                CommandSpecs.flag("--describe", -1, "List the procedure's parameters instead of running it."));
        command.cancelGraceSeconds = CommandSpecs.add(spec, CommandSpecs.option("--cancel-grace-s", "SECONDS",
                long.class, "How long Ctrl-C waits for the procedure to stop (default: 10).").defaultValue("10").build());
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() throws InterruptedException {
        Path configFile = this.configFile.value();
        String procedureId = this.procedureId.value();
        List<String> assignments = this.assignments.value() == null ? List.of() : this.assignments.value();
        long cancelGraceSeconds = this.cancelGraceSeconds.value();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((configFile == null) == (procedureId == null)) {
            throw CapaException.refused(configFile == null
                    ? "name what to run: capa run CONFIG.toml, or capa run --procedure ID"
                    : "give a run file or --procedure, not both");
        }
        if (cancelGraceSeconds < 0 || cancelGraceSeconds > MAX_CANCEL_GRACE_SECONDS) {
            throw CapaException.refused("--cancel-grace-s must be from 0 to " + MAX_CANCEL_GRACE_SECONDS
                    + " seconds (a day)");
        }
        String id;
        Map<String, Object> configuration;
        try {
            Map<String, Object> set = SetAssignments.parse(assignments);
            if (configFile != null) {
                RunFile file = RunFile.read(configFile);
                id = file.procedure();
                configuration = merged(file.config(), set);
            } else {
                id = procedureId;
                configuration = set;
            }
        } catch (ConfigurationException e) {
            throw CapaException.refused(escapedLines(e.problems(), "\n"));
        }
        Path workingDirectory = Path.of("").toAbsolutePath();
        GatedProcedures gated = GatedProcedures.open(sources, System.getenv());
        if (describe.isSet()) {
            return Describer.describe(gated, id, out);
        }
        RunSettings settings = new RunSettings(workingDirectory.resolve(runsRoot.value()), gated.mode(),
                gated::loadedCoordinates, gated.lockPath(), gated.lockEntries(),
                Duration.ofSeconds(cancelGraceSeconds), verbose.isSet(), Clock.systemDefaultZone());
        ProcedureRunner runner = new ProcedureRunner(gated.resolver(), settings, out, err);
        // Ctrl-C starts the JVM's shutdown: cancel, wait the grace period, and have the
        // manifest say "cancelled" before the JVM exits (with 130, as it does after SIGINT).
        // The hook is in place before the run's record exists, so that no interrupt can find a
        // manifest saying "running" that nobody will finish.
        CompletableFuture<ActiveRun> launched = new CompletableFuture<>();
        Thread onInterrupt = new Thread(() -> interrupt(launched, err), "capa-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        ActiveRun run;
        try {
            run = switch (runner.launch(id, configuration)) {
                case ProcedureRunner.Launch.Refused(String reason) -> throw new CapaException(ExitCode.FAILURE, reason);
                case ProcedureRunner.Launch.Invalid invalid -> throw CapaException.refused("invalid configuration for "
                        + TerminalText.escape(invalid.procedureId()) + ":\n  "
                        + escapedLines(invalid.problems(), "\n  "));
                case ProcedureRunner.Launch.Started(ActiveRun started) -> started;
            };
        } catch (RuntimeException notStarted) {
            launched.complete(null);
            stopListening(onInterrupt);
            throw notStarted;
        }
        launched.complete(run);
        Outcome outcome = run.awaitOutcome();
        if (!stopListening(onInterrupt)) {
            // Ctrl-C: the hook has recorded and reported the ending; the JVM exits with 130.
            return ExitCode.INTERRUPTED.code();
        }
        return switch (outcome) {
            case Outcome.Succeeded _ -> {
                out.println("run " + run.runId() + " succeeded; record: " + run.directory());
                yield ExitCode.OK.code();
            }
            case Outcome.Failed(String runId, String message) -> {
                err.println("capa: run " + runId + " failed: " + TerminalText.escape(message));
                err.println("capa: record: " + run.directory());
                yield ExitCode.FAILURE.code();
            }
            case Outcome.Blocked(String runId, List<String> problems) -> {
                err.println("capa: run " + runId + " refused by preflight:");
                problems.forEach(p -> err.println("  " + TerminalText.escape(p)));
                yield ExitCode.FAILURE.code();
            }
            case Outcome.Cancelled(String runId) -> {
                err.println("capa: run " + runId + " cancelled; record: " + run.directory());
                yield ExitCode.INTERRUPTED.code();
            }
            case Outcome.Refused(String reason) -> throw new CapaException(ExitCode.FAILURE, reason);
        };
    }

    /**
     * One line per problem. A problem quotes run-file keys and values and a record's own
     * refusal, any of which may hold a line break: each is escaped whole.
     */
    private static String escapedLines(List<String> problems, String separator) {
        return String.join(separator, problems.stream().map(TerminalText::escape).toList());
    }

    /** Removes the hook; false when the JVM is already shutting down (Ctrl-C) and runs it. */
    private static boolean stopListening(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    /**
     * The shutdown hook's work: the run being started, if any, is interrupted and recorded.
     * A run still being launched (binding runs the record's constructor, which is plugin
     * code) is waited for as long as the grace period.
     */
    private void interrupt(CompletableFuture<ActiveRun> launched, PrintWriter err) {
        ActiveRun run;
        try {
            run = launched.get(cancelGraceSeconds.value(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            return;
        }
        if (run != null) {
            Outcome outcome = run.interrupt();
            err.println("capa: run " + run.runId() + " " + outcome.summary());
            err.flush();
        }
    }

    /** The run file's configuration with --set values laid over it, table by table. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merged(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        overrides.forEach((key, value) -> {
            if (value instanceof Map<?, ?> over && result.get(key) instanceof Map<?, ?> under) {
                result.put(key, merged((Map<String, Object>) under, (Map<String, Object>) over));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }
}
