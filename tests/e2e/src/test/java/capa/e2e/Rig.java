package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * A lab rig in a temporary directory: a {@code modules/} directory holding the image's two
 * good example plugins, and {@code ./plugins.lock} once something is trusted. Commands run with
 * that directory as working directory and an empty XDG config home, so no lock elsewhere on
 * the machine can leak in.
 */
final class Rig {

    static final String HOLD = "capa.contrib.hold_setpoint";
    static final String RAMP = "lab.ramp.thermal_ramp";
    static final String RAMP_JAR = "lab-ramp-1.2.0.jar";

    final Path dir;
    final Path modules;

    Rig(Path dir) {
        this.dir = dir;
        try {
            modules = Files.createDirectories(dir.resolve("modules"));
            for (String jar : List.of("capa-contrib-0.3.1.jar", RAMP_JAR)) {
                Files.copy(Capa.image().resolve("modules").resolve(jar), modules.resolve(jar));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path lock() {
        return dir.resolve("plugins.lock");
    }

    Path journal() {
        return dir.resolve("plugins.lock.journal");
    }

    /** Runs {@code capa args... --modules <modules>} in the rig. */
    Capa.Result capa(String... args) {
        return call(args).run();
    }

    Capa.Call call(String... args) {
        String[] withModules = java.util.Arrays.copyOf(args, args.length + 2);
        withModules[args.length] = "--modules";
        withModules[args.length + 1] = modules.toString();
        return Capa.capa(withModules).in(dir).env(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString()));
    }

    /** Runs {@code capa args...} in the rig, without adding {@code --modules}. */
    Capa.Result bare(String... args) {
        return Capa.capa(args).in(dir).env(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
    }

    void trust(String id) {
        Capa.Result result = capa("plugins", "trust", id, "--reason", "approved by GB, ticket OPS-1284");
        assertEquals(0, result.exitCode(), result::toString);
    }

    Rig trustAll() {
        trust(HOLD);
        trust(RAMP);
        return this;
    }

    /** Replaces a plugin JAR's bytes with another build of the same procedure. */
    void swap(String jarName, Path replacement) {
        try {
            Files.copy(replacement, modules.resolve(jarName), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
