package capa.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built image's {@code bin/capa} (and the helpers the tests need: python3, cp, kill)
 * as processes, as an operator would, each in its own {@link Sandbox} and with a bounded wait.
 */
final class Capa {

    /** The longest any one process may take; the slowest (an example batch) takes seconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** The image that the build linked (jlink/target/capa). */
    static Path image() {
        Path image = Path.of(System.getProperty("capa.image", "../../jlink/target/capa"))
                .toAbsolutePath().normalize();
        Path away = movedAway(image);
        if (!Files.exists(image) && Files.isDirectory(away)) {
            // A test JVM killed inside withoutTheImage left it moved away: put it back.
            try {
                Files.move(away, image);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!Files.isExecutable(image.resolve("bin/capa"))) {
            throw new IllegalStateException("no image at " + image + "; build it with mvn install");
        }
        return image;
    }

    private static Path movedAway(Path image) {
        return image.resolveSibling(image.getFileName() + ".moved-away-by-test");
    }

    /** Something a test does while the built image is gone. */
    interface WithoutImage {
        void run() throws Exception;
    }

    /**
     * Runs {@code action} with the built image renamed away, then puts it back: a copy of the
     * image that silently used the original (its runtime, its modules, its cache) fails.
     * The e2e tests run one at a time, so no other test needs the image meanwhile.
     */
    static void withoutTheImage(WithoutImage action) throws Exception {
        Path image = image();
        Path away = movedAway(image);
        Files.move(image, away);
        try {
            action.run();
        } finally {
            Files.move(away, image);
        }
    }

    static Path launcher() {
        return image().resolve("bin/capa");
    }

    /** The outcome of one run. */
    record Result(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * A process to run: command, working directory and environment. Every process starts in a
     * fresh {@link Sandbox}: private {@code HOME}, {@code XDG_CONFIG_HOME}, {@code TMPDIR},
     * {@code java.io.tmpdir} and working directory, none of capa's variables from the test's own
     * environment. A test sets what it needs on top ({@link #in}, {@link #env}); no test can
     * forget to isolate a process, since this is where every process starts.
     */
    static final class Call {
        private final List<String> command = new ArrayList<>();
        private Path directory;
        private Map<String, String> environment = Map.of();
        private Map<String, String> inherited = System.getenv();
        private boolean clearEnvironment;
        private byte[] input = new byte[0];

        Call(Path executable, String... args) {
            command.add(executable.toString());
            command.addAll(Arrays.asList(args));
        }

        Call in(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Variables set on top of the sandbox's environment. */
        Call env(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /**
         * Starts from exactly these variables, as {@code env -i VAR=…} does: no sandbox
         * variables either (the working directory is still the sandbox's unless {@link #in}).
         */
        Call cleanEnv(Map<String, String> environment) {
            this.clearEnvironment = true;
            this.environment = environment;
            return this;
        }

        /** The environment the sandbox is built from, instead of this JVM's own (for the control test). */
        Call inheriting(Map<String, String> parentEnvironment) {
            this.inherited = parentEnvironment;
            return this;
        }

        /** Bytes written to the process's standard input, which is then closed. */
        Call input(String text) {
            this.input = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        Process start() {
            Sandbox sandbox = Sandbox.create();
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.directory((directory != null ? directory : sandbox.workingDirectory()).toFile());
            builder.environment().clear();
            builder.environment().putAll(clearEnvironment ? environment
                    : sandbox.environment(inherited, environment));
            try {
                return builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Result run() {
            return launch().await();
        }

        /** Starts the process and returns at once; its output is collected as it comes. */
        Running launch() {
            return new Running(start(), command, input);
        }
    }

    /**
     * A process under way. Both streams are drained on their own threads, so a process that
     * writes much to stderr (a stack trace) cannot block on a full pipe.
     */
    static final class Running {
        private final Process process;
        private final List<String> command;
        private final CompletableFuture<byte[]> out;
        private final CompletableFuture<byte[]> err;

        private Running(Process process, List<String> command, byte[] input) {
            this.process = process;
            this.command = command;
            this.out = drain(process.getInputStream());
            this.err = drain(process.getErrorStream());
            try (var stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException e) {
                // The process exited without reading its input; its exit code and output say why.
            }
        }

        private static CompletableFuture<byte[]> drain(InputStream stream) {
            return CompletableFuture.supplyAsync(() -> {
                try (stream) {
                    return stream.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, runnable -> Thread.ofPlatform().daemon().start(runnable));
        }

        long pid() {
            return process.pid();
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** Sends a signal by name ({@code INT}, {@code KILL}) with the system's {@code kill}. */
        void signal(String name) {
            Result kill = new Call(Path.of("/bin/kill"), "-" + name, Long.toString(pid())).run();
            if (kill.exitCode() != 0) {
                throw new AssertionError("kill -" + name + " failed: " + kill);
            }
        }

        /** Waits at most {@link #TIMEOUT} for the process and its output; kills it after that. */
        Result await() {
            try {
                if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new AssertionError("did not finish within " + TIMEOUT + ": " + command);
                }
                // A child that inherited the pipes could keep them open after the process ended.
                return new Result(process.exitValue(), text(out), text(err));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private String text(CompletableFuture<byte[]> stream) throws InterruptedException {
            try {
                return new String(stream.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            } catch (ExecutionException e) {
                throw new AssertionError("could not read the output of " + command, e.getCause());
            } catch (TimeoutException e) {
                throw new AssertionError("the output of " + command + " stayed open after it exited", e);
            }
        }
    }

    /** Runs {@code python3 -c script args…}: an independent reader for the files capa writes. */
    static Result python(String script, String... args) {
        List<String> all = new ArrayList<>(List.of("-c", script));
        all.addAll(Arrays.asList(args));
        return new Call(Path.of("/usr/bin/env"), prepend("python3", all)).run();
    }

    private static String[] prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    static Call capa(String... args) {
        return new Call(launcher(), args);
    }

    static Result run(String... args) {
        return capa(args).run();
    }

    private Capa() {
    }
}
