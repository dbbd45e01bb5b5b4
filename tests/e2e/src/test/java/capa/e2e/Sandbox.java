package capa.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import capa.testkit.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The private locations one end-to-end process runs in: its own {@code HOME},
 * {@code XDG_CONFIG_HOME}, temporary directory and default working directory, all empty, so
 * that nothing on the machine (a lab lead's {@code ~/.config/capa/plugins.lock}, a developer's
 * {@code CAPA_PLUGIN_MODE}) reaches a test, and nothing a test runs writes outside it.
 *
 * <p>Every sandbox of a test JVM lies under one temporary directory that is deleted when the
 * JVM exits.
 */
record Sandbox(Path home, Path xdgConfigHome, Path tmp, Path workingDirectory) {

    /** capa's own variables: a rig's mode, lock, plugin directories and JVM options come from the test. */
    static final Set<String> CAPA_VARIABLES =
            Set.of("CAPA_PLUGIN_MODE", "CAPA_PLUGINS_LOCK", "CAPA_MODULES", "CAPA_JAVA_OPTS");

    private static final AtomicInteger COUNT = new AtomicInteger();

    /** A fresh sandbox with four empty directories. */
    static Sandbox create() {
        try {
            Path dir = Files.createDirectory(Root.DIR.resolve("p" + COUNT.incrementAndGet()));
            return new Sandbox(Files.createDirectory(dir.resolve("home")),
                    Files.createDirectory(dir.resolve("xdg")), Files.createDirectory(dir.resolve("tmp")),
                    Files.createDirectory(dir.resolve("cwd")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The environment of a process: the inherited one without capa's variables, with this
     * sandbox's {@code HOME}, {@code XDG_CONFIG_HOME} and {@code TMPDIR}, then what the test
     * asked for. The JVM's {@code java.io.tmpdir} is the sandbox's too (through
     * {@code CAPA_JAVA_OPTS}, ahead of any options the test passes there).
     */
    Map<String, String> environment(Map<String, String> inherited, Map<String, String> requested) {
        Map<String, String> environment = new HashMap<>(inherited);
        CAPA_VARIABLES.forEach(environment::remove);
        environment.put("HOME", home.toString());
        environment.put("XDG_CONFIG_HOME", xdgConfigHome.toString());
        environment.put("TMPDIR", tmp.toString());
        environment.putAll(requested);
        String javaOptions = "-Djava.io.tmpdir=" + tmp;
        String requestedOptions = requested.get("CAPA_JAVA_OPTS");
        environment.put("CAPA_JAVA_OPTS", requestedOptions == null ? javaOptions : javaOptions + " " + requestedOptions);
        return environment;
    }

    /** The directory all sandboxes of this JVM live in, deleted at exit. */
    private static final class Root {
        static final Path DIR = create();

        private static Path create() {
            try {
                Path dir = Files.createTempDirectory("capa-e2e-");
                if (dir.toString().chars().anyMatch(Character::isWhitespace)) {
                    // CAPA_JAVA_OPTS is split on whitespace by bin/capa.
                    throw new IllegalStateException("the temporary directory " + dir
                            + " holds whitespace; run the tests with -Djava.io.tmpdir=<a path without spaces>");
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Trees.delete(dir)));
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
