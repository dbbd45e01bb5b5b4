package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every process the end-to-end tests start runs in its own sandbox: a lock where the README
 * tells lab leads to put one ({@code ~/.config/capa/plugins.lock}), or capa's variables in the
 * developer's shell, never reach a test. Each case has its control: the same planted lock,
 * passed through unsandboxed, is seen.
 */
class HermeticTest {

    @TempDir
    Path dir;

    private static final String PLANTED = """
            version = 1

            [[plugins]]
            id = "lab.planted.proc"
            package = "lab.planted"
            version = "1.0.0"
            entry_point = "lab.planted/lab.planted.Proc"
            distribution_hash = "sha256:%s"
            """.formatted("ab".repeat(32));

    private Path plant(Path lock) throws IOException {
        Files.createDirectories(lock.getParent());
        Files.writeString(lock, PLANTED);
        return lock;
    }

    /** Parent environments that would each hand capa a lock, and the lock each would hand it. */
    private Map<Map<String, String>, Path> plantedParents() throws IOException {
        Path home = dir.resolve("home");
        Path xdg = dir.resolve("xdg-config");
        Path byHome = plant(home.resolve(".config/capa/plugins.lock"));
        Path byXdg = plant(xdg.resolve("capa/plugins.lock"));
        Path byVariable = plant(dir.resolve("etc/rig.lock"));
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Map.of(
                Map.of("PATH", path, "HOME", home.toString()), byHome,
                Map.of("PATH", path, "HOME", home.toString(), "XDG_CONFIG_HOME", xdg.toString()), byXdg,
                Map.of("PATH", path, "HOME", home.toString(), "CAPA_PLUGINS_LOCK", byVariable.toString(),
                        "CAPA_PLUGIN_MODE", "production"), byVariable);
    }

    @Test
    void aLockPlantedInTheParentsHomeXdgOrVariablesIsNotSeen() throws IOException {
        Path cwd = Files.createDirectories(dir.resolve("cwd"));
        for (var planted : plantedParents().entrySet()) {
            Map<String, String> parent = planted.getKey();
            Capa.Result unsandboxed = Capa.capa("plugins", "list").in(cwd).cleanEnv(parent).run();
            Capa.Result sandboxed = Capa.capa("plugins", "list").in(cwd).inheriting(parent).run();
            assertAll(parent.toString(),
                    // the control: without the sandbox this parent's lock is found
                    () -> assertEquals(0, unsandboxed.exitCode(), unsandboxed::toString),
                    () -> assertEquals("plugins.lock: " + planted.getValue() + " (schema v1)",
                            unsandboxed.outLines().get(1), unsandboxed::toString),
                    () -> assertEquals(0, sandboxed.exitCode(), sandboxed::toString),
                    () -> assertEquals(List.of("plugin mode: dev", "plugins.lock: (none)"),
                            sandboxed.outLines().subList(0, 2), sandboxed::toString),
                    () -> assertFalse(sandboxed.out().contains("planted"), sandboxed::toString));
        }
    }

    @Test
    void aProcessGetsItsOwnEmptyHomeConfigTemporaryAndWorkingDirectories() {
        Map<String, String> parent = new HashMap<>(System.getenv());
        parent.put("CAPA_JAVA_OPTS", "-Xmx1m");
        Capa.Result shell = new Capa.Call(Path.of("/bin/sh"), "-c",
                "for d in \"$HOME\" \"$XDG_CONFIG_HOME\" \"$TMPDIR\" \"$PWD\"; do echo \"$d\"; ls -A \"$d\"; done;"
                        + " echo \"$CAPA_JAVA_OPTS\"").inheriting(parent).run();
        assertEquals(0, shell.exitCode(), shell::toString);
        List<String> lines = shell.outLines();
        assertEquals(5, lines.size(), "a sandbox directory is not empty: " + shell);
        Path sandbox = Path.of(lines.getFirst()).getParent();
        assertEquals(List.of(sandbox.resolve("home"), sandbox.resolve("xdg"), sandbox.resolve("tmp"),
                sandbox.resolve("cwd")), lines.subList(0, 4).stream().map(Path::of).toList(), shell::toString);
        assertEquals("-Djava.io.tmpdir=" + sandbox.resolve("tmp"), lines.get(4), "the parent's JVM options leaked");
        assertFalse(lines.contains(System.getProperty("user.home")), shell::toString);
    }

    @Test
    void capasJvmUsesTheSandboxTemporaryDirectory() {
        Capa.Result result = Capa.capa("--version")
                .env(Map.of("CAPA_JAVA_OPTS", "-XshowSettings:properties")).run();
        assertEquals(0, result.exitCode(), result::toString);
        String tmpdir = result.err().lines().filter(l -> l.strip().startsWith("java.io.tmpdir = "))
                .findFirst().orElseThrow(() -> new AssertionError(result.toString()));
        Path tmp = Path.of(tmpdir.strip().substring("java.io.tmpdir = ".length()));
        assertEquals("tmp", tmp.getFileName().toString(), result::toString);
        assertTrue(Files.isDirectory(tmp.resolveSibling("home")), result::toString);
    }
}
