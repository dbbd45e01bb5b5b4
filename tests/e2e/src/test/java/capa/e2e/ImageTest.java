package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image itself: its launcher, its modules, its help and its usage errors. */
class ImageTest {

    @Test
    void versionNamesCapaTheApiAndTheRuntime() {
        Capa.Result result = Capa.run("--version");
        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        assertAll(
                () -> assertEquals("capa 0.1.0", lines.get(0)),
                () -> assertEquals("capa.api 1.0.0", lines.get(1)),
                () -> assertTrue(lines.get(2).startsWith("Java runtime 25"), lines.get(2)));
    }

    @Test
    void runsWithAnEmptyEnvironmentAndNoJdkOnThePath(@TempDir Path anywhere) throws IOException {
        // PATH holds the launcher's own tools and nothing else: no java, no javac, no JAVA_HOME.
        Path tools = Files.createDirectories(anywhere.resolve("tools"));
        for (String tool : List.of("dirname", "readlink")) {
            Files.createSymbolicLink(tools.resolve(tool), which(tool));
        }
        Map<String, String> bare = Map.of("PATH", tools.toString());
        Capa.Result noJava = new Capa.Call(Path.of("/bin/sh"), "-c", "command -v java || command -v javac")
                .cleanEnv(bare).run();
        assertTrue(noJava.exitCode() != 0 && noJava.out().isEmpty(), () -> "a java is on the test's PATH: " + noJava);
        Capa.Result result = Capa.capa("--version").in(anywhere).cleanEnv(bare).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("capa 0.1.0", "capa.api 1.0.0"), result.outLines().subList(0, 2), result::toString);
        assertEquals("", result.err());
        Capa.Result list = Capa.capa("plugins", "list").in(anywhere).cleanEnv(bare).run();
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains("capa.contrib.hold_setpoint"), list::toString);
    }

    /** Where the shell finds a tool, as a real path. */
    private static Path which(String tool) {
        Capa.Result found = new Capa.Call(Path.of("/bin/sh"), "-c", "command -v " + tool).run();
        assertEquals(0, found.exitCode(), () -> "the launcher needs " + tool + ": " + found);
        return Path.of(found.out().strip());
    }

    @Test
    void runsThroughASymlinkOnThePath(@TempDir Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("capa"), Capa.launcher());
        // a second, relative hop, as /usr/local/bin/capa -> ../../opt/capa/bin/capa would be
        Files.createSymbolicLink(dir.resolve("capa-rel"), dir.relativize(bin.resolve("capa")));
        Capa.Result viaPath = new Capa.Call(Path.of("/bin/sh"), "-c", "capa --version")
                .cleanEnv(Map.of("PATH", bin + ":/usr/bin:/bin")).run();
        Capa.Result viaRelative = new Capa.Call(dir.resolve("capa-rel"), "--version").run();
        assertAll(
                () -> assertEquals(0, viaPath.exitCode(), viaPath::toString),
                () -> assertTrue(viaPath.out().startsWith("capa 0.1.0"), viaPath::toString),
                () -> assertEquals(0, viaRelative.exitCode(), viaRelative::toString));
    }

    @Test
    void aCopiedImageRunsAndUsesItsOwnModulesDirectory(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("copied image");
        Capa.Result cp = new Capa.Call(Path.of("/bin/cp"), "-a", Capa.image().toString(), copy.toString()).run();
        assertEquals(0, cp.exitCode(), cp::toString);
        // the copy's modules directory differs from the original's: one example fewer
        Files.delete(copy.resolve("modules/lab-ramp-1.2.0.jar"));
        Capa.withoutTheImage(() -> {
            Capa.Result result = new Capa.Call(copy.resolve("bin/capa"), "plugins", "list").run();
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.out().contains("capa.contrib.hold_setpoint"), result::toString);
            assertFalse(result.out().contains("lab.ramp.thermal_ramp"), "the copy read the original's modules: " + result);
        });
    }

    @Test
    void everyModuleInTheImageIsExplicitAndTheJdkIsTrimmed() throws Exception {
        Capa.Result result = new Capa.Call(Capa.image().resolve("bin/java"), "--list-modules").run();
        assertEquals(0, result.exitCode(), result::toString);
        Set<String> modules = result.outLines().stream()
                .map(line -> line.split("@")[0]).collect(Collectors.toSet());
        assertTrue(modules.containsAll(Set.of("capa.api", "capa.plugins", "capa.builtin",
                "capa.cli", "info.picocli", "org.tomlj", "org.antlr.antlr4.runtime")), modules::toString);
        // the platform offered to plugins (docs/decisions.md), and none of the JDK's tools
        assertTrue(modules.containsAll(Set.of("java.se", "java.sql", "java.desktop", "java.net.http",
                "jdk.unsupported", "jdk.charsets", "jdk.localedata", "jdk.zipfs", "jdk.net",
                "jdk.management", "jdk.jfr")), modules::toString);
        for (String tool : List.of("jdk.compiler", "jdk.jshell", "jdk.jdwp.agent", "jdk.httpserver",
                "jdk.management.agent", "jdk.jlink")) {
            assertFalse(modules.contains(tool), "the image links the whole JDK: " + modules);
        }
        for (String module : modules) {
            Capa.Result described = new Capa.Call(Capa.image().resolve("bin/java"),
                    "--describe-module", module).run();
            assertEquals(0, described.exitCode(), described::toString);
            assertTrue(described.out().startsWith(module + "@"), described::toString);
            assertFalse(described.out().contains("automatic"), module + " is automatic: " + described);
        }
    }

    @Test
    void theImageShipsTheExamplePluginsInItsModulesDirectory() throws IOException {
        try (Stream<Path> files = Files.list(Capa.image().resolve("modules"))) {
            Set<String> jars = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jar")).collect(Collectors.toSet());
            assertEquals(Set.of("capa-contrib-0.3.1.jar", "lab-ramp-1.2.0.jar", "lab-wash-0.9.2.jar"), jars);
        }
        // the example bundle: the plugin's JAR and its libraries', in a directory of its own
        try (Stream<Path> files = Files.list(Capa.image().resolve("modules/lab-fit"))) {
            assertEquals(Set.of("lab-fit-1.0.0.jar", "commons-math3-3.6.1.jar", "commons-csv-1.14.1.jar",
                    "commons-io-2.20.0.jar", "commons-codec-1.19.0.jar"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
    }

    @Test
    void theExampleBundlesModulesResolveTogetherOnTheImagesPlatform() {
        // lab.fit requires capa.api (the image's), commons.math3 and org.apache.commons.csv
        // (the bundle's), which requires java.sql (the image's) and Commons IO and Codec (the bundle's).
        Capa.Result result = new Capa.Call(Capa.image().resolve("bin/java"),
                "--module-path", Capa.image().resolve("modules/lab-fit").toString(),
                "--add-modules", "lab.fit", "--show-module-resolution", "-version").run();
        assertEquals(0, result.exitCode(), result::toString);
        String resolution = result.out() + result.err();
        assertAll(
                () -> assertTrue(resolution.contains("org.apache.commons.csv requires java.sql jrt:/java.sql"),
                        resolution),
                () -> assertTrue(resolution.contains("lab.fit requires capa.api jrt:/capa.api"), resolution),
                () -> assertTrue(resolution.contains("lab.fit requires commons.math3 file:"), resolution));
    }

    @Test
    void pluginsHelpUsesTheReferenceWording() {
        Capa.Result result = Capa.run("plugins", "--help");
        assertEquals(0, result.exitCode(), result::toString);
        assertAll(
                () -> assertTrue(result.out().startsWith(
                        "Usage: capa plugins [OPTIONS] COMMAND [ARGS]...\n\n  Inspect plugin trust state.\n"),
                        result::toString),
                () -> assertTrue(result.out().contains("Commands:\n"), result::toString),
                () -> assertTrue(result.out().contains("""
                        Commands:
                          list     List discovered procedure plugins.
                          trust    Add (or refresh) a discovered plugin in ``plugins.lock``.
                          untrust  Remove a plugin from ``plugins.lock`` and journal the revocation.
                          verify   Check the rig against ``plugins.lock`` and its journal.
                          check    Check plugin JARs and bundles before they reach a rig.
                        """), result::toString));
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithoutAStackTrace() {
        Capa.Result result = Capa.run("plugins", "list", "--no-such-option");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("Unknown option: '--no-such-option'"), result::toString);
        assertTrue(result.err().contains("Usage: capa plugins list"), result::toString);
        assertFalse(result.err().contains("\tat "), result::toString);
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithoutAStackTrace() {
        Capa.Result result = Capa.run("frobnicate");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("frobnicate"), result::toString);
        assertTrue(result.err().contains("Usage: capa"), result::toString);
        assertFalse(result.err().contains("\tat "), result::toString);
    }

    @Test
    void theShippedBashCompletionCompletesCommands() {
        Path script = Capa.image().resolve("completion/capa.bash");
        Capa.Result result = new Capa.Call(Path.of("/bin/bash"), "-c",
                "source \"$0\"; COMP_WORDS=(capa pl); COMP_CWORD=1; COMP_LINE='capa pl';"
                        + " _picocli_capa; echo \"${COMPREPLY[@]}\"", script.toString()).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("plugins", result.out().strip(), result::toString);
    }

    @Test
    void theBuiltinsDigestKeptInTheImageIsTheDigestOfItsModules() {
        Capa.Result fresh = new Capa.Call(Capa.image().resolve("bin/java"), "--add-modules", "ALL-SYSTEM",
                "-m", "capa.plugins/capa.plugins.builtins.CapaDigest").run();
        Capa.Result list = Capa.run("plugins", "list", "--full-hash");
        // Without the kept file, capa computes the digest itself: it must come out the same.
        Capa.Result computed = new Capa.Call(Capa.image().resolve("bin/java"),
                "-m", "capa.cli/capa.cli.Main", "plugins", "list", "--full-hash",
                "--modules", Capa.image().resolve("modules").toString()).run();
        assertEquals(0, fresh.exitCode(), fresh::toString);
        String digest = fresh.out().strip();
        assertTrue(digest.matches("sha256:[0-9a-f]{64}"), digest);
        assertTrue(list.outLines().stream().anyMatch(line -> line.startsWith("capa.builtin.free_run ")
                && line.endsWith(" " + digest)), list::toString);
        assertTrue(computed.outLines().stream().anyMatch(line -> line.startsWith("capa.builtin.free_run ")
                && line.endsWith(" " + digest)), computed::toString);
    }

    @Test
    void theBuiltinsDigestCoversEveryCapaModuleOfTheImageAndAllOfThemRunCapa() {
        Capa.Result listed = new Capa.Call(Capa.image().resolve("bin/java"), "--list-modules").run();
        List<String> imageModules = listed.outLines().stream()
                .map(line -> line.replaceFirst("@.*", ""))
                .filter(name -> name.startsWith("capa."))
                .sorted().toList();
        Capa.Result covered = new Capa.Call(Capa.image().resolve("bin/java"), "--add-modules", "ALL-SYSTEM",
                "-m", "capa.plugins/capa.plugins.builtins.CapaDigest", "--modules").run();
        // The modules a capa process has in its boot layer (what the digest covers at run time).
        Capa.Result booted = new Capa.Call(Capa.image().resolve("bin/java"), "-Xlog:module+load=info",
                "-m", "capa.cli/capa.cli.Main", "--version").run();
        List<String> bootedCapa = booted.outLines().stream()
                .map(line -> line.replaceFirst(".*\\] (capa\\.[a-z.]+) location:.*", "$1"))
                .filter(name -> name.startsWith("capa.") && !name.contains(" "))
                .sorted().toList();
        assertEquals(0, covered.exitCode(), covered::toString);
        assertTrue(imageModules.containsAll(List.of("capa.api", "capa.base", "capa.builtin", "capa.cli", "capa.plugins",
                "capa.runner")), listed::toString);
        assertEquals(imageModules, covered.outLines(), covered::toString);
        assertEquals(imageModules, bootedCapa, booted::toString);
    }
}
