package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.testkit.HostileClassFiles;
import capa.testkit.PluginJar;
import capa.testkit.ZipBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One rig holding a hostile file of every kind at once, next to an honest plugin, run through
 * every command in dev and in production on a 256 MB heap: each hostile file is one rejection
 * line naming it (or loads, where the JDK would read it as a plugin), the honest plugin and
 * the builtins keep working, nothing prints a stack trace or "internal error", no terminal
 * control or bidirectional character a file chose reaches the terminal, and no plugin code
 * runs before a run asks for it.
 */
class HostileRigTest {

    private static final String ESC = "\u001b";
    private static final String RLO = "\u202e";
    private static final Map<String, String> HEAP = Map.of("CAPA_JAVA_OPTS", "-Xmx256m");

    @TempDir
    static Path rig;

    /** File name to the hostile file it holds, in the modules directory. */
    private static final Map<String, String> HOSTILE = new LinkedHashMap<>();

    @BeforeAll
    static void buildRig() throws IOException {
        Path built = Files.createDirectories(rig.resolve("built"));
        Path modules = Files.createDirectories(rig.resolve("modules"));
        Files.copy(TestPlugins.quick(built, "quick", "2.1.0"), modules.resolve("lab-quick-2.1.0.jar"));

        // Plugin code that must never run before a run asks for it: its static initialiser,
        // its constructor and its configuration record's each leave a marker.
        String touch = "try { java.nio.file.Files.createFile(java.nio.file.Path.of(\"%s\")); }"
                + " catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }";
        Files.copy(PluginJar.builder()
                .moduleInfo("module lab.marker { requires capa.api; provides capa.api.Procedure with lab.marker.Proc; }")
                .source("lab/marker/Proc.java", """
                        package lab.marker;
                        import capa.api.*;
                        import java.util.List;
                        import java.util.concurrent.*;
                        @ProcedureInfo(id = "lab.marker.proc", name = "Marker")
                        public final class Proc implements Procedure<Proc.Config> {
                            static { %1$s }
                            public record Config(Mode mode) { static { %2$s } }
                            public enum Mode { FAST, SLOW; static { %3$s } }
                            public CompletionStage<List<Problem>> preflight(ProcedureContext c, Config config) {
                                return CompletableFuture.completedFuture(List.of());
                            }
                            public CompletionStage<Void> run(ProcedureContext c, Config config) {
                                return CompletableFuture.completedFuture(null);
                            }
                        }
                        """.formatted(touch.formatted(marker("provider")), touch.formatted(marker("config")),
                        touch.formatted(marker("enum"))))
                .moduleVersion("1.0.0")
                .writeTo(built.resolve("lab-marker-1.0.0.jar")), modules.resolve("lab-marker-1.0.0.jar"));

        // A name and description made to rewrite the terminal.
        hostile(modules, "lab-bidi-1.0.0.jar", PluginJar.builder()
                .moduleInfo("module lab.bidi { requires capa.api; provides capa.api.Procedure with lab.bidi.Proc; }")
                .source("lab/bidi/Proc.java", """
                        package lab.bidi;
                        import capa.api.*;
                        import java.util.List;
                        import java.util.concurrent.*;
                        @ProcedureInfo(id = "lab.bidi.proc", name = "Probe \\u202Egnp.exe\\u001b[2K",
                                description = "line one\\nfake: line\\u001b]0;title\\u0007")
                        public final class Proc implements Procedure<Proc.Config> {
                            public record Config(int n) {}
                            public CompletionStage<List<Problem>> preflight(ProcedureContext c, Config config) {
                                return CompletableFuture.completedFuture(List.of());
                            }
                            public CompletionStage<Void> run(ProcedureContext c, Config config) {
                                return CompletableFuture.completedFuture(null);
                            }
                        }
                        """)
                .moduleVersion("1.0.0")
                .writeTo(built.resolve("lab-bidi-1.0.0.jar")), "terminal text in its annotation");

        // A plain JAR whose service line and Implementation-Version carry escape sequences.
        hostile(modules, "lab-svc.jar", ZipBytes.of(Map.of(
                "META-INF/MANIFEST.MF", ("Manifest-Version: 1.0\r\nImplementation-Version: 1.0" + ESC
                        + "[1A\r\n\r\n").getBytes(StandardCharsets.UTF_8),
                "META-INF/services/capa.api.Procedure", ("lab.svc.Proc" + ESC + "]0;pwned\u0007\n")
                        .getBytes(StandardCharsets.UTF_8))), "escape sequences in a services line and version");

        // A malformed @ProcedureInfo, and one nested far too deep.
        HostileClassFiles classes = new HostileClassFiles("lab.bad.Bad", "lab.bad.bad");
        hostile(modules, "lab-nested-1.0.jar", plainPlugin("lab.bad.Bad", classes.nested(5000, true)),
                "annotation values nested 5000 deep");
        byte[] truncated = new HostileClassFiles("lab.cut.Cut", "lab.cut.cut").wellFormed();
        hostile(modules, "lab-truncated-1.0.jar", plainPlugin("lab.cut.Cut",
                java.util.Arrays.copyOf(truncated, truncated.length - 7)), "a truncated provider class");

        // A 1 KB JAR that declares a 2 GB entry, and a sparse file of 2 GB.
        byte[] declared = ZipBytes.of(Map.of("META-INF/services/capa.api.Procedure", "lab.big.Big\n".getBytes(),
                "lab/big/Big.class", new byte[64]));
        hostile(modules, "lab-declared-1.0.jar", lieAboutSizes(declared, 0x7FFF_FFF0L), "declares a 2 GB entry");
        Path sparse = modules.resolve("lab-sparse-1.0.jar");
        try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
            file.setLength(2L << 30);
            file.seek((2L << 30) - declared.length);
            file.write(declared);
        }
        HOSTILE.put("lab-sparse-1.0.jar", "a sparse file of 2 GB");

        // A high-ratio deflate bomb: 256 MB of zeros in about 250 KB.
        hostile(modules, "lab-bomb-1.0.jar", deflateBomb(256), "a 256 MB deflate bomb");

        // What operators drop by accident.
        hostile(modules, "garbage-1.0.jar", "this is not a ZIP archive".getBytes(), "not a ZIP");
        hostile(modules, "empty-1.0.jar", new byte[0], "an empty file");
        Files.createSymbolicLink(modules.resolve("gone-1.0.jar"), rig.resolve("no-such-file.jar"));
        HOSTILE.put("gone-1.0.jar", "a dangling symbolic link");
        hostile(modules, "evil" + ESC + "[2K" + RLO + "-1.0.jar", "junk".getBytes(), "escape sequences in its name");
    }

    private static String marker(String what) {
        return rig.resolve("marker-" + what).toString();
    }

    private static void hostile(Path modules, String fileName, Path built, String why) throws IOException {
        Files.copy(built, modules.resolve(fileName));
        HOSTILE.put(fileName, why);
    }

    private static void hostile(Path modules, String fileName, byte[] bytes, String why) throws IOException {
        Files.write(modules.resolve(fileName), bytes);
        HOSTILE.put(fileName, why);
    }

    private static byte[] plainPlugin(String provider, byte[] classFile) {
        return ZipBytes.of(Map.of("META-INF/services/capa.api.Procedure", (provider + "\n").getBytes(),
                provider.replace('.', '/') + ".class", classFile));
    }

    /** The archive with every central-directory entry claiming {@code size} bytes, both sizes. */
    private static byte[] lieAboutSizes(byte[] archive, long size) {
        ByteBuffer buffer = ByteBuffer.wrap(archive.clone()).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 4 <= archive.length; at++) {
            if (buffer.getInt(at) == 0x02014b50) {
                buffer.putInt(at + 20, (int) size);
                buffer.putInt(at + 24, (int) size);
            }
        }
        return buffer.array();
    }

    private static byte[] deflateBomb(int megabytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = bytes; ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/services/capa.api.Procedure"));
            zip.write("lab.bomb.Bomb\n".getBytes());
            zip.putNextEntry(new ZipEntry("lab/bomb/Bomb.class"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < megabytes; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private Capa.Result capa(Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--modules", rig.resolve("modules").toString()));
        Map<String, String> env = new LinkedHashMap<>(HEAP);
        env.putAll(environment);
        env.put("XDG_CONFIG_HOME", rig.resolve("xdg").toString());
        return Capa.capa(all.toArray(String[]::new)).in(rig).env(env).run();
    }

    /** Nothing a file chose may reach the terminal raw, nor any sign of a crash. */
    private static void assertSafe(Capa.Result result) {
        String both = result.out() + result.err();
        assertFalse(both.contains("\tat ") || both.contains("internal error") || both.contains("Exception in thread"),
                result::toString);
        assertFalse(both.contains(ESC) || both.contains("\u0007") || both.contains(RLO), result::toString);
        assertFalse(List.of("provider", "config", "enum").stream().anyMatch(m -> Files.exists(Path.of(marker(m)))),
                "plugin code ran: " + result);
    }

    /** Each hostile file but those that load is named on exactly one line. */
    private static void assertEachHostileFileNamedOnce(Capa.Result result, List<String> loading) {
        for (String fileName : HOSTILE.keySet()) {
            String shown = fileName.startsWith("evil") ? "evil" : fileName;
            long lines = result.out().lines().filter(l -> l.contains(shown)).count();
            if (!loading.contains(fileName)) {
                assertEquals(1, lines, fileName + " (" + HOSTILE.get(fileName) + ") on one line:\n" + result);
            }
        }
    }

    @Test
    void listChecksAndNamesEveryHostileFileOnceAndTheHonestPluginsStillLoad() {
        Capa.Result list = capa(Map.of(), "plugins", "list");
        assertSafe(list);
        assertEquals(0, list.exitCode(), list::toString);
        for (String id : List.of("capa.builtin.free_run", "lab.quick.proc", "lab.marker.proc", "lab.bidi.proc")) {
            assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith(id + " ")), id + " loads:\n" + list);
        }
        assertEachHostileFileNamedOnce(list, List.of("lab-bidi-1.0.0.jar"));

        Capa.Result json = capa(Map.of(), "plugins", "list", "--json");
        assertEquals(0, json.exitCode(), json::toString);
        assertFalse(json.out().contains(ESC) || json.err().contains("\tat "), json::toString);

        List<String> check = new ArrayList<>(List.of("plugins", "check"));
        for (String fileName : HOSTILE.keySet()) {
            if (!fileName.startsWith("gone")) {
                check.add(rig.resolve("modules").resolve(fileName).toString());
            }
        }
        Capa.Result checked = Capa.capa(check.toArray(String[]::new)).in(rig).env(HEAP).run();
        assertSafe(checked);
        assertEquals(1, checked.exitCode(), checked::toString);
    }

    @Test
    void trustVerifyDescribeRunAndUntrustWorkForTheHonestPluginInDevAndProduction() throws IOException {
        Path lock = rig.resolve("plugins.lock");
        Files.deleteIfExists(lock);
        Files.deleteIfExists(rig.resolve("plugins.lock.journal"));
        Capa.Result trusted = capa(Map.of(), "plugins", "trust", "lab.quick.proc", "--reason", "rig test");
        assertSafe(trusted);
        assertEquals(0, trusted.exitCode(), trusted::toString);

        Capa.Result verify = capa(Map.of(), "plugins", "verify");
        assertSafe(verify);
        assertEquals(1, verify.exitCode(), "the hostile files are findings:\n" + verify);

        Map<String, String> production = Map.of("CAPA_PLUGIN_MODE", "production");
        Capa.Result list = capa(production, "plugins", "list");
        assertSafe(list);
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith("lab.quick.proc ")), list::toString);

        for (Map<String, String> mode : List.of(Map.<String, String>of(), production)) {
            Capa.Result describe = capa(mode, "describe", "lab.quick.proc");
            assertSafe(describe);
            assertEquals(0, describe.exitCode(), describe::toString);
            Capa.Result builtin = capa(mode, "run", "--procedure", "capa.builtin.free_run", "--set", "duration_s=0");
            assertSafe(builtin);
            assertEquals(0, builtin.exitCode(), builtin::toString);
            Capa.Result run = capa(mode, "run", "--procedure", "lab.quick.proc");
            assertSafe(run);
            assertEquals(0, run.exitCode(), run::toString);
        }
        Capa.Result marker = capa(production, "run", "--procedure", "lab.marker.proc", "--set", "mode=FAST");
        assertSafe(marker);
        assertEquals(1, marker.exitCode(), "an untrusted plugin is refused in production:\n" + marker);

        Capa.Result bidi = capa(Map.of(), "describe", "lab.bidi.proc");
        assertSafe(bidi);
        assertEquals(0, bidi.exitCode(), bidi::toString);

        Capa.Result untrusted = Capa.capa("plugins", "untrust", "lab.quick.proc", "--reason", "rig test done")
                .in(rig).env(HEAP).run();
        assertSafe(untrusted);
        assertEquals(0, untrusted.exitCode(), untrusted::toString);
    }
}
