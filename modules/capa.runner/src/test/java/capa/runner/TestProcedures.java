package capa.runner;

import capa.api.Problem;
import capa.api.Procedure;
import capa.api.ProcedureContext;
import capa.base.DistributionHash;
import capa.base.PluginCoordinates;
import capa.base.PluginId;
import capa.base.PluginMode;
import capa.builtin.Batch;
import capa.builtin.FreeRun;
import capa.builtin.RecipeRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** Procedures with known behaviour, a map-backed resolver, and a runner that captures its output. */
final class TestProcedures {

    record NoConfig() {
    }

    record Message(String text) {
    }

    /** Writes an output file and completes. */
    static final class Writes implements Procedure<Message> {
        @Override
        public CompletionStage<List<Problem>> preflight(ProcedureContext context, Message config) {
            return CompletableFuture.completedFuture(List.of(Problem.warning("bath not calibrated today")));
        }

        @Override
        public CompletionStage<Void> run(ProcedureContext context, Message config) {
            try {
                Files.writeString(context.outputDirectory().resolve("out.txt"), config.text());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            context.log().info("wrote " + config.text());
            context.progress(1.0, "done");
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Throws from run() itself, as buggy plugin code does. */
    static final class Throws implements Procedure<NoConfig> {
        @Override
        public CompletionStage<List<Problem>> preflight(ProcedureContext context, NoConfig config) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletionStage<Void> run(ProcedureContext context, NoConfig config) {
            throw new IllegalStateException("pump 2 did not prime");
        }
    }

    /** Preflight finds a blocking problem; run must never be called. */
    static final class Blocks implements Procedure<NoConfig> {
        static volatile boolean ran;

        @Override
        public CompletionStage<List<Problem>> preflight(ProcedureContext context, NoConfig config) {
            return CompletableFuture.completedFuture(List.of(Problem.blocking("lid is open"),
                    Problem.warning("door ajar")));
        }

        @Override
        public CompletionStage<Void> run(ProcedureContext context, NoConfig config) {
            ran = true;
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Never completes, and ignores cancellation; tells the test when it has started. */
    static final class Hangs implements Procedure<NoConfig> {
        static volatile CountDownLatch started = new CountDownLatch(1);

        @Override
        public CompletionStage<List<Problem>> preflight(ProcedureContext context, NoConfig config) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletionStage<Void> run(ProcedureContext context, NoConfig config) {
            started.countDown();
            return new CompletableFuture<>();
        }
    }

    /** Its run() never returns: it holds the calling thread and ignores interrupts. */
    static final class HoldsTheThread implements Procedure<NoConfig> {
        static volatile CountDownLatch started = new CountDownLatch(1);

        @Override
        public CompletionStage<List<Problem>> preflight(ProcedureContext context, NoConfig config) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletionStage<Void> run(ProcedureContext context, NoConfig config) {
            started.countDown();
            CountDownLatch never = new CountDownLatch(1);
            while (true) {
                try {
                    never.await();
                } catch (InterruptedException deaf) {
                    // a badly written plugin: it does not stop when interrupted
                }
            }
        }
    }

    static final Map<String, Supplier<? extends Procedure<?>>> FACTORIES = Map.of(
            "lab.test.holds", HoldsTheThread::new,
            "lab.test.unbuildable", () -> {
                // what ServiceLoader throws when the provider's constructor throws
                throw new java.util.ServiceConfigurationError("capa.api.Procedure: Provider"
                        + " lab.test.Unbuildable could not be instantiated",
                        new IllegalStateException("no hardware attached"));
            },
            "lab.test.writes", Writes::new,
            "lab.test.throws", Throws::new,
            "lab.test.blocks", Blocks::new,
            "lab.test.hangs", Hangs::new,
            "capa.builtin.free_run", FreeRun::new,
            "capa.builtin.batch", Batch::new,
            "capa.builtin.recipe_runner", RecipeRunner::new);

    static final Map<String, Class<? extends Record>> CONFIGS = Map.of(
            "lab.test.writes", Message.class,
            "lab.test.throws", NoConfig.class,
            "lab.test.blocks", NoConfig.class,
            "lab.test.hangs", NoConfig.class,
            "lab.test.holds", NoConfig.class,
            "lab.test.unbuildable", NoConfig.class,
            "capa.builtin.free_run", FreeRun.Config.class,
            "capa.builtin.batch", Batch.Config.class,
            "capa.builtin.recipe_runner", RecipeRunner.Config.class);

    static PluginCoordinates provenance(String id) {
        return new PluginCoordinates(PluginId.parse(id), id.startsWith("capa.builtin.") ? "capa" : "lab.test",
                "1.0.0", "lab.test/" + id, DistributionHash.parse("sha256:" + "ab".repeat(32)));
    }

    /** Resolves the ids above, minus those marked untrusted. */
    static ProcedureResolver resolver(String... untrusted) {
        Map<String, ProcedureResolver.Resolution> resolutions = new HashMap<>();
        FACTORIES.forEach((id, factory) -> resolutions.put(id, new ProcedureResolver.Resolution.Runnable(
                new ResolvedProcedure(id, CONFIGS.get(id), factory, provenance(id)))));
        for (String id : untrusted) {
            resolutions.put(id, new ProcedureResolver.Resolution.Refused("procedure '" + id
                    + "' is not in the trusted registry (mode=production); available: capa.builtin.free_run\n"
                    + id + ": MISSING_FROM_LOCK"));
        }
        return id -> Optional.ofNullable(resolutions.get(id)).orElse(new ProcedureResolver.Resolution.Refused(
                "procedure '" + id + "' is not in the trusted registry (mode=dev); available: ..."));
    }

    /** A runner whose operator output the test can read. */
    static final class Harness {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ProcedureRunner runner;
        final Path runsRoot;

        Harness(Path runsRoot, ProcedureResolver resolver, Duration grace, boolean verbose) {
            this.runsRoot = runsRoot;
            RunSettings settings = new RunSettings(runsRoot, PluginMode.PRODUCTION,
                    () -> List.of(provenance("capa.builtin.free_run"), provenance("lab.test.writes")),
                    Optional.of(Path.of("/etc/capa/plugins.lock")), List.of(provenance("lab.test.writes")),
                    grace, verbose, Clock.systemUTC());
            runner = new ProcedureRunner(resolver, settings,
                    new PrintWriter(out, true, StandardCharsets.UTF_8), new PrintWriter(err, true, StandardCharsets.UTF_8));
        }

        Harness(Path runsRoot, ProcedureResolver resolver) {
            this(runsRoot, resolver, Duration.ofSeconds(10), false);
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        ActiveRun started(String id, Map<String, ?> config) {
            return switch (runner.launch(id, config)) {
                case ProcedureRunner.Launch.Started(ActiveRun run) -> run;
                case ProcedureRunner.Launch other -> throw new AssertionError("not started: " + other);
            };
        }
    }

    static String manifest(Path runDirectory) {
        try {
            return Files.readString(runDirectory.resolve("manifest.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> runDirectories(Path runsRoot) {
        try (var dirs = Files.list(runsRoot)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestProcedures() {
    }
}
