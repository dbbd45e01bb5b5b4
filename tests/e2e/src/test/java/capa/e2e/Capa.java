package capa.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
            Process process = start();
            try {
                process.getOutputStream().close();
                var out = process.getInputStream().readAllBytes();
                var err = process.getErrorStream().readAllBytes();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("capa did not finish: " + command);
                }
                return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                        new String(err, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
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
