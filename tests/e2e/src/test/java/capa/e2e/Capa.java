package capa.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built image's {@code bin/capa} as a process, as an operator would.
 */
final class Capa {

    /** The image that the build linked (jlink/target/capa). */
    static Path image() {
        Path image = Path.of(System.getProperty("capa.image", "../../jlink/target/capa"))
                .toAbsolutePath().normalize();
        if (!Files.isExecutable(image.resolve("bin/capa"))) {
            throw new IllegalStateException("no image at " + image + "; build it with mvn install");
        }
        return image;
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

    /** A process to run: command, working directory and environment. */
    static final class Call {
        private final List<String> command = new ArrayList<>();
        private Path directory;
        private Map<String, String> environment = Map.of();
        private boolean clearEnvironment;

        Call(Path executable, String... args) {
            command.add(executable.toString());
            command.addAll(Arrays.asList(args));
        }

        Call in(Path directory) {
            this.directory = directory;
            return this;
        }

        Call env(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /** Starts from an empty environment, as {@code env -i} does. */
        Call cleanEnv(Map<String, String> environment) {
            this.clearEnvironment = true;
            this.environment = environment;
            return this;
        }

        Process start() {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            if (clearEnvironment) {
                builder.environment().clear();
            } else {
                // A rig's mode must come from the test, never from the developer's shell.
                builder.environment().remove("CAPA_PLUGIN_MODE");
                builder.environment().remove("CAPA_PLUGINS_LOCK");
                builder.environment().remove("CAPA_MODULES");
            }
            builder.environment().putAll(environment);
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
            return new Running(start(), command);
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

        private Running(Process process, List<String> command) {
            this.process = process;
            this.command = command;
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.out = drain(process.getInputStream());
            this.err = drain(process.getErrorStream());
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

        Result await() {
            try {
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("capa did not finish: " + command);
                }
                return new Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                        new String(err.join(), StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
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
