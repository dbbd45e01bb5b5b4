package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.testkit.HostileClassFiles;
import capa.testkit.PluginJar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JARs whose provider class file is malformed (truncated in its annotation, a constant-pool
 * index out of range, annotation arrays nested 200,000 deep) sit in a rig next to the example
 * plugins: every command still works for the builtins and the good plugins, and each hostile
 * JAR is one rejection line naming its file, with no stack trace and no internal error.
 */
class HostileClassFilesE2eTest {

    @TempDir
    Path dir;

    /** The hostile JARs, by file name. */
    private List<String> hostileJars(Path modules) throws IOException {
        Path classes = PluginJar.builder()
                .moduleInfo("module lab.bad { requires capa.api; provides capa.api.Procedure with lab.bad.Bad; }")
                .source("lab/bad/Bad.java", """
                        package lab.bad;
                        import capa.api.*;
                        import java.util.List;
                        import java.util.concurrent.CompletionStage;
                        public final class Bad implements Procedure<Bad.Config> {
                            public record Config() {}
                            public CompletionStage<List<Problem>> preflight(ProcedureContext c, Config k) { return null; }
                            public CompletionStage<Void> run(ProcedureContext c, Config k) { return null; }
                        }
                        """)
                .compileTo(dir.resolve("bad-classes"));
        byte[] moduleInfo = Files.readAllBytes(classes.resolve("module-info.class"));
        HostileClassFiles hostile = new HostileClassFiles("lab.bad.Bad", "lab.bad.proc");
        byte[] whole = hostile.wellFormed();
        List<HostileClassFiles.Case> cases = hostile.structural();
        Map<String, byte[]> jars = Map.of(
                "truncated-annotation.jar", java.util.Arrays.copyOf(whole, whole.length - 3),
                "deeply-nested.jar", hostile.nested(200_000, false),
                "bad-index.jar", cases.stream().filter(c -> c.what().equals("string index: max"))
                        .findFirst().orElseThrow().bytes());
        for (var jar : jars.entrySet()) {
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
            try (OutputStream out = Files.newOutputStream(modules.resolve(jar.getKey()));
                 JarOutputStream zip = new JarOutputStream(out, manifest)) {
                zip.putNextEntry(new JarEntry("module-info.class"));
                zip.write(moduleInfo);
                zip.putNextEntry(new JarEntry("lab/bad/Bad.class"));
                zip.write(jar.getValue());
            }
        }
        return List.copyOf(new java.util.TreeSet<>(jars.keySet()));
    }

    private static void assertClean(Capa.Result result, int exitCode, List<String> hostileJars) {
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(exitCode, result.exitCode(), result::toString));
        checks.add(() -> assertFalse(result.err().contains("internal error") || result.err().contains("\tat ")
                || result.out().contains("Exception"), result::toString));
        for (String jar : hostileJars) {
            checks.add(() -> assertEquals(1, Stream.of(result.out(), result.err()).flatMap(String::lines)
                    .filter(line -> line.contains(jar)).count(), jar + " is one line: " + result));
            checks.add(() -> assertTrue(Stream.of(result.out(), result.err()).flatMap(String::lines)
                    .anyMatch(line -> line.contains(jar + ": contract_check_failed: provider class lab.bad.Bad"
                            + " is not a valid class file (")), result::toString));
        }
        assertAll(checks);
    }

    @Test
    void everyCommandKeepsWorkingForTheBuiltinsAndTheGoodPlugins() throws IOException {
        Rig rig = new Rig(dir);
        List<String> hostile = hostileJars(rig.modules);
        Capa.Result trust = rig.capa("plugins", "trust", Rig.HOLD, "--reason", "approved by GB, ticket OPS-1284");
        assertEquals(0, trust.exitCode(), trust::toString);
        assertFalse(trust.err().contains("internal error") || trust.err().contains("\tat "), trust::toString);
        rig.trust(Rig.RAMP);
        Map<String, String> production = Map.of("CAPA_PLUGIN_MODE", "production",
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString(), "HOME", dir.toString());

        Capa.Result list = rig.capa("plugins", "list");
        assertClean(list, 0, hostile);
        assertTrue(list.out().contains("capa.builtin.free_run ") && list.out().contains(Rig.RAMP + " "), list::toString);

        Capa.Result productionList = rig.call("plugins", "list").env(production).run();
        assertClean(productionList, 0, hostile);
        assertTrue(productionList.out().contains(Rig.HOLD + " "), productionList::toString);

        Capa.Result verify = rig.capa("plugins", "verify");
        assertClean(verify, 1, hostile);
        assertTrue(verify.out().contains(Rig.RAMP + " ") && verify.out().contains("verify: FAILED — 3 findings"),
                verify::toString);

        List<String> checked = new ArrayList<>(List.of("plugins", "check"));
        hostile.forEach(jar -> checked.add(rig.modules.resolve(jar).toString()));
        checked.add(rig.modules.resolve(Rig.RAMP_JAR).toString());
        Capa.Result check = rig.bare(checked.toArray(String[]::new));
        assertClean(check, 1, hostile);
        assertTrue(check.out().contains(Rig.RAMP + " "), check::toString);

        Capa.Result describe = rig.call("describe", Rig.RAMP).env(production).run();
        assertEquals(0, describe.exitCode(), describe::toString);
        assertTrue(describe.out().startsWith(Rig.RAMP + ": "), describe::toString);

        Capa.Result builtin = rig.call("run", "--procedure", "capa.builtin.free_run", "--set", "duration_s=0")
                .env(production).run();
        assertEquals(0, builtin.exitCode(), builtin::toString);
        Capa.Result plugin = rig.call("run", "--procedure", Rig.HOLD, "--set", "setpoint_c=37", "--set", "hold_s=0")
                .env(production).run();
        assertEquals(0, plugin.exitCode(), plugin::toString);
    }

    @Test
    void describeAndRunOfAConfigurationNamingAClassMissingFromTheJarAreOneLine() throws IOException {
        Path classes = PluginJar.builder()
                .moduleInfo("module lab.gap { requires capa.api; provides capa.api.Procedure with lab.gap.Gap; }")
                .source("lab/gap/Missing.java", "package lab.gap; public record Missing(int n) {}")
                .source("lab/gap/Gap.java", """
                        package lab.gap;
                        import capa.api.*;
                        import java.util.List;
                        import java.util.concurrent.CompletionStage;
                        @ProcedureInfo(id = "lab.gap.proc", name = "Gap")
                        public final class Gap implements Procedure<Gap.Config> {
                            public record Config(Missing missing) {}
                            public CompletionStage<List<Problem>> preflight(ProcedureContext c, Config k) { return null; }
                            public CompletionStage<Void> run(ProcedureContext c, Config k) { return null; }
                        }
                        """)
                .compileTo(dir.resolve("gap-classes"));
        Files.delete(classes.resolve("lab/gap/Missing.class"));
        Path modules = Files.createDirectories(dir.resolve("modules"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream out = Files.newOutputStream(modules.resolve("gap.jar"));
             JarOutputStream zip = new JarOutputStream(out, manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                zip.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                zip.write(Files.readAllBytes(file));
            }
        }
        Capa.Result describe = Capa.capa("describe", "lab.gap.proc", "--modules", modules.toString()).in(dir)
                .env(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString(), "HOME", dir.toString())).run();
        assertEquals(1, describe.exitCode(), describe::toString);
        assertEquals("", describe.out());
        String refusal = "capa: lab.gap.proc: its configuration record cannot be loaded: class lab.gap.Missing"
                + " is missing or malformed in the plugin JAR (NoClassDefFoundError)";
        assertEquals(refusal, describe.err().strip(), describe::toString);

        for (List<String> run : List.of(
                List.of("run", "--procedure", "lab.gap.proc", "--set", "missing.n=1"),
                List.of("run", "--procedure", "lab.gap.proc", "--describe"))) {
            List<String> args = new ArrayList<>(run);
            args.addAll(List.of("--modules", modules.toString()));
            Capa.Result result = Capa.capa(args.toArray(String[]::new)).in(dir)
                    .env(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString(), "HOME", dir.toString())).run();
            assertEquals(1, result.exitCode(), result::toString);
            assertEquals(refusal, result.err().strip(), result::toString);
        }
        assertFalse(Files.exists(dir.resolve("runs")), "no run record for a procedure that cannot run");
    }
}
