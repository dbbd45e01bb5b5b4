package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import capa.testkit.PluginJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 items 5 and 6 through the image: what a JAR, lock, journal or run file says never
 * reaches the terminal raw, and a reason that would read as something else is refused.
 */
class TerminalTextE2eTest {

    /** Moves the cursor up a line and erases it: hides the line printed before. */
    static final String ERASE = "\u001b[1A\u001b[2K";
    /** Sets the terminal window's title. */
    static final String TITLE = "\u001b]0;all plugins trusted\u0007";
    /** Displays what follows right to left. */
    static final String RLO = "\u202e";

    @TempDir
    Path dir;

    /** A plugin JAR {@code lab.<name>} (automatic module) with one procedure whose annotation says the given. */
    static PluginJar plugin(String name, String displayName, String description) {
        return PluginJar.builder()
                .source("lab/" + name + "/Proc.java", """
                        package lab.%1$s;
                        import capa.api.*;
                        import java.util.List;
                        import java.util.concurrent.*;
                        @ProcedureInfo(id = "lab.%1$s.proc", name = "%2$s", description = "%3$s")
                        public final class Proc implements Procedure<Proc.Config> {
                            public record Config(int n) {}
                            public CompletionStage<List<Problem>> preflight(ProcedureContext c, Config k) {
                                return CompletableFuture.completedFuture(List.of());
                            }
                            public CompletionStage<Void> run(ProcedureContext c, Config k) {
                                return CompletableFuture.completedFuture(null);
                            }
                        }
                        """.formatted(name, displayName, description))
                .service("lab." + name + ".Proc");
    }

    /** A rig holding the examples and JARs whose every text is hostile. */
    private Rig hostileRig() throws IOException {
        Rig rig = new Rig(dir);
        plugin("erase", "Erase", "").writeTo(rig.modules.resolve("lab-erase-1.0" + ERASE + ".jar"));
        plugin("bidi", "Safe \\u202e!em nur", "line one\\nFAKE: line two" + TITLE.replace("\u001b", "\\033")
                .replace("\u0007", "\\007")).writeTo(rig.modules.resolve("lab-bidi-1.0.jar"));
        plugin("manifest", "Manifest", "").manifestAttribute("Implementation-Version", "2.0" + RLO + "1-ateb")
                .writeTo(rig.modules.resolve("lab-manifest.jar"));
        PluginJar.builder().resource("lab/title/Proc.class", new byte[0]).service("lab.title.Proc" + TITLE)
                .writeTo(rig.modules.resolve("lab-title-1.0.jar"));
        Files.writeString(rig.modules.resolve("x\ncapa.contrib.hold_setpoint  capa.contrib  0.3.1  ok\n.jar"),
                "not a zip");
        return rig;
    }

    @Test
    void listCheckVerifyDescribeAndRunShowJarTextEscaped() throws IOException {
        Rig rig = hostileRig();
        Capa.Result list = rig.capa("plugins", "list");
        assertEquals(0, list.exitCode(), list::toString);
        assertShownEscaped(list);
        // shown escaped, whether as a version or quoted by a rejection
        assertTrue(list.out().contains("1.0\\u001b[1A\\u001b[2K"), list::toString);
        assertTrue(list.out().contains("2.0\\u202e1-ateb"), list::toString);
        assertTrue(list.out().contains("x\\ncapa.contrib.hold_setpoint  capa.contrib  0.3.1  ok\\n.jar: "),
                list::toString);
        // The services line's trailing BEL is trimmed as the JDK trims a services line.
        assertTrue(list.out().contains("lab.title.Proc\\u001b]0;all plugins trusted'"), list::toString);
        // no line is forged: every line that starts with an id names a procedure that loaded
        assertEquals(1, list.outLines().stream().filter(l -> l.startsWith("capa.contrib.hold_setpoint ")).count(),
                list::toString);

        Capa.Result describe = rig.capa("describe", "lab.bidi.proc");
        assertEquals(0, describe.exitCode(), describe::toString);
        assertShownEscaped(describe);
        assertEquals("lab.bidi.proc: Safe \\u202e!em nur", describe.outLines().getFirst());
        assertEquals("  line one\\nFAKE: line two\\u001b]0;all plugins trusted\\u0007", describe.outLines().get(1));

        List<String> jars;
        try (var files = Files.list(rig.modules)) {
            jars = files.map(Path::toString).sorted().toList();
        }
        String[] check = new String[jars.size() + 2];
        check[0] = "plugins";
        check[1] = "check";
        for (int i = 0; i < jars.size(); i++) {
            check[i + 2] = jars.get(i);
        }
        Capa.Result checked = Capa.capa(check).in(dir).run();
        assertEquals(1, checked.exitCode(), checked::toString);
        assertShownEscaped(checked);

        // Trusted as 1.0, then renamed: its version now erases the line above it, where
        // production prints the thermal ramp's HASH_MISMATCH.
        Path erase = rig.modules.resolve("lab-erase-1.0" + ERASE + ".jar");
        Files.move(erase, rig.modules.resolve("lab-erase-1.0.jar"));
        rig.trust("lab.erase.proc");
        rig.trustAll();
        Files.move(rig.modules.resolve("lab-erase-1.0.jar"), erase);
        rig.swap(Rig.RAMP_JAR, PluginsVerifyTest.rebuiltRamp(Files.createDirectories(dir.resolve("rebuilt"))));
        Capa.Result verify = rig.capa("plugins", "verify");
        assertEquals(1, verify.exitCode(), verify::toString);
        assertShownEscaped(verify);
        Capa.Result production = rig.call("plugins", "list").env(Map.of("CAPA_PLUGIN_MODE", "production",
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
        assertEquals(0, production.exitCode(), production::toString);
        assertShownEscaped(production);
        for (Capa.Result result : List.of(verify, production)) {
            assertTrue(result.out().contains(Rig.RAMP + ": HASH_MISMATCH"), result::toString);
            assertTrue(result.out().contains("\\u001b[1A\\u001b[2K"), result::toString);
        }

        Path runFile = Files.writeString(dir.resolve("hostile.toml"),
                "procedure = \"lab.bidi.proc\"\n[config]\nn = 1\n\"k\\u202e\\u001b[2K\" = \"v\\n\"\n");
        Capa.Result run = rig.capa("run", runFile.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertShownEscaped(run);
        assertTrue(run.err().contains("k\\u202e\\u001b[2K"), run::toString);
        Path unknown = Files.writeString(dir.resolve("unknown.toml"), "procedure = \"lab.x\\u001b[2K\\ny.proc\"\n");
        Capa.Result refused = rig.capa("run", unknown.toString());
        assertShownEscaped(refused);
        assertTrue(refused.err().contains("procedure 'lab.x\\u001b[2K\\ny.proc' is not in the trusted registry"),
                refused::toString);
        Capa.Result runDescribe = rig.capa("run", "--describe", "--procedure", "lab.bidi.proc");
        assertShownEscaped(runDescribe);
    }

    @Test
    void jsonKeepsTheExactValueAsValidJsonEscapes() throws IOException {
        Rig rig = hostileRig();
        Capa.Result json = rig.capa("plugins", "list", "--json");
        assertEquals(0, json.exitCode(), json::toString);
        assertShownEscaped(json);
        assertTrue(json.out().contains("Safe \\u202e!em nur"), json::toString);
        // Python's json module decodes exactly what the JAR holds
        assertEquals(List.of(hex("Safe " + RLO + "!em nur")), IndependentJson.eval(json.out(),
                "[p['name'].encode('utf-8').hex() for p in d['loaded'] if p['id'] == 'lab.bidi.proc']"));
        assertEquals(List.of(hex("x\ncapa.contrib.hold_setpoint  capa.contrib  0.3.1  ok\n.jar")),
                IndependentJson.eval(json.out(),
                        "[r['subject'].encode('utf-8').hex() for r in d['rejected'] if r['subject'].startswith('x')]"));
        // A rejection's reason is text capa wrote around the JAR's: the services line in it is
        // already escaped (its trailing BEL trimmed, as the JDK trims a services line).
        assertEquals(List.of("True"), IndependentJson.eval(json.out(),
                "[str(any('lab.title.Proc\\\\u001b]0;all plugins trusted' in r['reason'] for r in d['rejected']))]"));
    }

    static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void lyingReasonsAreRefusedAndNothingIsWritten() throws IOException {
        Rig rig = new Rig(dir);
        rig.trust(Rig.HOLD);
        byte[] lock = Files.readAllBytes(rig.lock());
        byte[] journal = Files.readAllBytes(rig.journal());
        List<String> lying = List.of(
                "approved by GB, ticket OPS-" + RLO + "4821", // displays as another ticket number
                "\u200b\u200b\u200b", // blank to the eye
                "\u00a0\u3000\u2060", // spaces and a word joiner
                "approved\u200bby GB", "ok\u2066 then\u2069", "ok\u200e", "ok\u061c", "\ufeffok", "ok" + ERASE,
                "ok\u0085", "ok\u2028more", "ticket OPS\u200d-1284");
        for (String reason : lying) {
            for (List<String> command : List.of(List.of("plugins", "trust", Rig.RAMP),
                    List.of("plugins", "untrust", Rig.HOLD))) {
                String[] args = new String[command.size() + 2];
                for (int i = 0; i < command.size(); i++) {
                    args[i] = command.get(i);
                }
                args[command.size()] = "--reason";
                args[command.size() + 1] = reason;
                // untrust reads no plugin directory
                Capa.Result result = command.get(1).equals("trust") ? rig.capa(args) : rig.bare(args);
                assertEquals(2, result.exitCode(), result::toString);
                assertShownEscaped(result);
                assertTrue(result.err().startsWith("capa: --reason: the reason "), result::toString);
                assertTrue(result.err().contains("nothing was written"), result::toString);
                assertEquals("", result.out(), result::toString);
                assertEquals(new String(lock, StandardCharsets.UTF_8), Files.readString(rig.lock()));
                assertEquals(new String(journal, StandardCharsets.UTF_8), Files.readString(rig.journal()));
            }
        }
        Capa.Result rlo = rig.capa("plugins", "trust", Rig.RAMP, "--reason", lying.getFirst());
        assertTrue(rlo.err().contains("U+202E RIGHT-TO-LEFT OVERRIDE at character 28, a bidirectional control"),
                rlo::toString);
        assertTrue(rig.capa("plugins", "trust", Rig.RAMP, "--reason", "\u200b\u200b\u200b").err()
                .contains("the reason is blank (it holds only spaces and invisible characters)"));
    }

    @Test
    void ordinaryUnicodeReasonsAreJournaledVerbatim() throws IOException {
        Rig rig = new Rig(dir);
        String reason = "approuvé par GB — 温度ランプ ✅ 👩‍🔬 🏳️‍🌈";
        Capa.Result trust = rig.capa("plugins", "trust", Rig.RAMP, "--reason", reason);
        assertEquals(0, trust.exitCode(), trust::toString);
        assertTrue(Files.readString(rig.journal()).endsWith("\t" + reason + "\n"), () -> {
            try {
                return Files.readString(rig.journal());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        Capa.Result verify = rig.capa("plugins", "verify");
        assertFalse(verify.out().contains("malformed"), verify::toString);
    }

    /** Neither stream holds a control, bidi or invisible character but line breaks, nor a stack trace. */
    static void assertShownEscaped(Capa.Result result) {
        for (String stream : List.of(result.out(), result.err())) {
            stream.codePoints().filter(c -> c != '\n' && isHidden(c)).findFirst()
                    .ifPresent(c -> fail(String.format("U+%04X reached the terminal raw:%n%s", c,
                            result.toString().replace("\u001b", "<ESC>"))));
        }
        assertFalse(result.err().contains("internal error"), result::toString);
        assertFalse(result.err().contains("\tat "), result::toString);
    }

    /** The classes, written out independently of capa's own rule. */
    static boolean isHidden(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || (c >= 0x200B && c <= 0x200D)
                || c == 0x2060 || c == 0xFEFF || c == 0x2028 || c == 0x2029;
    }
}
