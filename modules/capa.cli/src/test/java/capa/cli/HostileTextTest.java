package capa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import capa.base.TerminalText;
import capa.testkit.PluginJar;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every class of hostile code point, in every place a JAR or a file can put text, through
 * every command that shows it: stdout and stderr hold none of them raw, only their escapes.
 * Each plugin {@code lab.h<i>} carries code point {@code i} of {@link #HOSTILE} in its file
 * name's version, its annotation's name and description; other JARs carry it in their manifest
 * version, their services file and their file name; locks, journals and run files carry it in
 * their values. (Commands run in-process through {@link Main#run}, which the image's launcher
 * calls too; the end-to-end tests repeat a sample through the image.)
 */
class HostileTextTest {

    /** Samples of every class issue 12 names, and of the rest of the hidden set. */
    static final int[] HOSTILE = {
        0x01, 0x07, 0x08, '\t', '\n', 0x0B, 0x0C, '\r', 0x1B, 0x7F, // C0 and DEL
        0x80, 0x85, 0x9B, 0x9D, 0x9F, // C1: NEL, CSI, OSC
        0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, // bidi
        0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, // zero-width and BOM
        0x2028, 0x2029, 0x00AD, 0xE0041, // separators, soft hyphen, a tag character
    };

    @TempDir
    static Path dir;
    /** {@code lab-h<i>-1.0<c>1.jar}: one good plugin per code point, the code point in its version. */
    static Path named;
    /** {@code lab-v<i>.jar}: versioned by {@code Implementation-Version: 2.0<c>1}. */
    static Path manifests;
    /** Services lines and file names of JARs that are rejected. */
    static Path rejected;
    /** {@code lab-all-1.0.jar}: every provider in one JAR, each code point in its annotation. */
    static Path annotated;
    /** {@code lab-h0-1.0.jar} alone, for lock, journal and run-file values. */
    static Path plain;
    static String plainHash;

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + TerminalText.escape(out) + "\n--- stderr\n"
                    + TerminalText.escape(err);
        }
    }

    @BeforeAll
    static void jars() throws IOException {
        PluginJar sources = PluginJar.builder();
        for (int i = 0; i < HOSTILE.length; i++) {
            String c = javaLiteral(HOSTILE[i]);
            sources.source("lab/h" + i + "/Proc.java", """
                    package lab.h%1$d;
                    import capa.api.*;
                    import java.util.List;
                    import java.util.concurrent.*;
                    @ProcedureInfo(id = "lab.h%1$d.proc", name = "name%2$sx", description = "desc%2$sx")
                    public final class Proc implements Procedure<Proc.Config> {
                        public record Config(int n) {}
                        public CompletionStage<List<Problem>> preflight(ProcedureContext c, Config k) {
                            return CompletableFuture.completedFuture(List.of());
                        }
                        public CompletionStage<Void> run(ProcedureContext c, Config k) {
                            return CompletableFuture.completedFuture(null);
                        }
                    }
                    """.formatted(i, c));
        }
        Path classes = sources.compileTo(dir.resolve("classes"));
        named = Files.createDirectories(dir.resolve("named"));
        manifests = Files.createDirectories(dir.resolve("manifests"));
        rejected = Files.createDirectories(dir.resolve("rejected"));
        plain = Files.createDirectories(dir.resolve("plain"));
        for (int i = 0; i < HOSTILE.length; i++) {
            String c = Character.toString(HOSTILE[i]);
            provider(classes, i).writeTo(named.resolve("lab-h" + i + "-1.0" + c + "1.jar"));
            if (HOSTILE[i] != '\n' && HOSTILE[i] != '\r') { // a manifest value cannot hold a line break
                provider(classes, i).manifestAttribute("Implementation-Version", "2.0" + c + "1")
                        .writeTo(manifests.resolve("lab-v" + i + ".jar"));
            }
            PluginJar.builder().resource("lab/h" + i + "/Proc.class",
                            Files.readAllBytes(classes.resolve("lab/h" + i + "/Proc.class")))
                    .service("lab.h" + i + ".Proc" + c + "X").writeTo(rejected.resolve("lab-s" + i + ".jar"));
            Files.writeString(rejected.resolve("bad" + c + i + ".jar"), "not a zip");
        }
        plainHash = sha256(provider(classes, 0).writeTo(plain.resolve("lab-h0-1.0.jar")));
        annotated = Files.createDirectories(dir.resolve("annotated"));
        PluginJar all = PluginJar.builder();
        try (var files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.resource(classes.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        for (int i = 0; i < HOSTILE.length; i++) {
            all.service("lab.h" + i + ".Proc");
        }
        all.writeTo(annotated.resolve("lab-all-1.0.jar"));
    }

    private static PluginJar provider(Path classes, int i) throws IOException {
        return PluginJar.builder()
                .resource("lab/h" + i + "/Proc.class", Files.readAllBytes(classes.resolve("lab/h" + i + "/Proc.class")))
                .resource("lab/h" + i + "/Proc$Config.class",
                        Files.readAllBytes(classes.resolve("lab/h" + i + "/Proc$Config.class")))
                .service("lab.h" + i + ".Proc");
    }

    @Test
    void listAndCheckShowFileNamesVersionsAndServicesLinesEscaped() throws IOException {
        for (Path modules : List.of(named, manifests, rejected)) {
            Result list = capa("plugins", "list", "--modules", modules.toString());
            assertEquals(0, list.exit(), list::toString);
            assertShownEscaped(list);
            Result json = capa("plugins", "list", "--json", "--modules", modules.toString());
            assertShownEscaped(json);
            List<String> jars;
            try (var files = Files.list(modules)) {
                jars = files.map(Path::toString).sorted().toList();
            }
            List<String> args = new ArrayList<>(List.of("plugins", "check"));
            args.addAll(jars);
            assertShownEscaped(capa(args.toArray(String[]::new)));
        }
        String list = capa("plugins", "list", "--modules", named.toString()).out();
        String manifestList = capa("plugins", "list", "--modules", manifests.toString()).out();
        String rejections = capa("plugins", "list", "--modules", rejected.toString()).out();
        for (int i = 0; i < HOSTILE.length; i++) {
            String c = Character.toString(HOSTILE[i]);
            // the payload is there, escaped: in the table or quoted by a rejection
            assertTrue(list.contains(TerminalText.escape("1.0" + c + "1")), list);
            if (HOSTILE[i] != '\n' && HOSTILE[i] != '\r') {
                assertTrue(manifestList.contains(TerminalText.escape("2.0" + c + "1")), manifestList);
            }
            assertTrue(rejections.contains(TerminalText.escape("bad" + c + i + ".jar")), rejections);
        }
    }

    @Test
    void describeShowsAnnotationNamesAndDescriptionsEscaped() {
        for (int i = 0; i < HOSTILE.length; i++) {
            Result describe = capa("describe", "lab.h" + i + ".proc", "--modules", annotated.toString());
            assertShownEscaped(describe);
            String c = Character.toString(HOSTILE[i]);
            assertTrue(describe.out().contains("lab.h" + i + ".proc: " + TerminalText.escape("name" + c + "x")),
                    describe::toString);
            assertTrue(describe.out().contains(TerminalText.escape("desc" + c + "x")), describe::toString);
        }
    }

    @Test
    void trustRefusesAVersionThatHidesCharactersAndShowsItEscaped() throws IOException {
        // Issue 12.7's rule keeps such a version out of the lock and the journal altogether:
        // trust refuses and writes nothing, and the rejection list shows the version escaped.
        StringBuilder version = new StringBuilder("1.0");
        for (int c : HOSTILE) {
            if (!Character.isISOControl(c) && !Character.isWhitespace(c)) {
                version.appendCodePoint(c);
            }
        }
        version.append('1');
        Path modules = Files.createDirectories(dir.resolve("versioned"));
        Files.copy(plain.resolve("lab-h0-1.0.jar"), modules.resolve("lab-h0-" + version + ".jar"));
        Path lock = dir.resolve("trusted.lock");
        Result trust = capa("plugins", "trust", "lab.h0.proc", "--reason", "ok", "--plugins-lock", lock.toString(),
                "--modules", modules.toString());
        assertShownEscaped(trust);
        assertEquals(2, trust.exit(), trust::toString);
        assertFalse(Files.exists(lock), "a refused trust wrote a lock");
        Result list = capa("plugins", "list", "--modules", modules.toString());
        assertShownEscaped(list);
        assertTrue(list.out().contains(TerminalText.escape(version.toString())), list::toString);
    }

    @Test
    void lockValuesAreShownEscaped() throws IOException {
        for (int i = 0; i < HOSTILE.length; i++) {
            String c = tomlEscape(HOSTILE[i]);
            Path lock = dir.resolve("lock" + i + "/plugins.lock");
            Files.createDirectories(lock.getParent());
            Files.writeString(lock, "version = 1\n\n" + entry("lab.h0.proc", "lab.h0", "1.0" + c + "9",
                    "lab.h0/lab.h0.Proc" + c, plainHash)
                    + "\n" + entry("lab.gone.proc", "lab.gone" + c, "3" + c, "lab.gone/lab.gone.P", plainHash)
                    + "\n" + entry("lab.odd.proc", "lab.odd", "1", "lab.odd/X", "sha256:" + c));
            for (String command : List.of("list", "verify")) {
                Result result = capa("plugins", command, "--plugin-mode", "production", "--plugins-lock",
                        lock.toString(), "--modules", plain.toString());
                assertShownEscaped(result);
            }
            assertShownEscaped(capa("plugins", "trust", "lab.h0.proc", "--reason", "ok", "--plugins-lock",
                    lock.toString(), "--modules", plain.toString()));
            assertShownEscaped(capa("plugins", "untrust", "lab.gone.proc", "--reason", "ok", "--plugins-lock",
                    lock.toString()));
        }
    }

    @Test
    void journalValuesAreShownEscaped() throws IOException {
        for (int i = 0; i < HOSTILE.length; i++) {
            String c = Character.toString(HOSTILE[i]);
            Path lock = dir.resolve("journal" + i + "/plugins.lock");
            Files.createDirectories(lock.getParent());
            assertEquals(0, capa("plugins", "trust", "lab.h0.proc", "--reason", "ok", "--plugins-lock",
                    lock.toString(), "--modules", plain.toString()).exit());
            String time = "2026-11-24T10:15:30+00:00";
            Files.writeString(Path.of(lock + ".journal"), String.join("\n",
                    time + "\ttrust\tlab.h0.proc\t1.0" + c + "9\t" + plainHash + "\tversion",
                    time + "\ttr" + c + "ust\tlab.h0.proc\t1.0\t" + plainHash + "\taction",
                    time + c + "\ttrust\tlab.h0.proc\t1.0\t" + plainHash + "\ttimestamp",
                    time + "\ttrust\tlab.h0.pr" + c + "oc\t1.0\t" + plainHash + "\tid",
                    time + "\ttrust\tlab.h0.proc\t1.0\tsha256:" + c + "\thash",
                    time + "\ttrust\tlab.h0.proc\t1.0\t" + plainHash + "\treason " + c, ""),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            Result verify = capa("plugins", "verify", "--plugins-lock", lock.toString(), "--modules", plain.toString());
            assertEquals(1, verify.exit(), verify::toString);
            assertShownEscaped(verify);
            assertShownEscaped(capa("plugins", "verify", "--json", "--plugins-lock", lock.toString(),
                    "--modules", plain.toString()));
        }
    }

    @Test
    void runFileValuesAreShownEscaped() throws IOException {
        for (int i = 0; i < HOSTILE.length; i++) {
            String c = tomlEscape(HOSTILE[i]);
            Path runs = dir.resolve("runs" + i);
            Path unknown = Files.writeString(dir.resolve("unknown" + i + ".toml"),
                    "procedure = \"lab.h0.pr" + c + "oc\"\n");
            Path key = Files.writeString(dir.resolve("key" + i + ".toml"),
                    "procedure = \"lab.h0.proc\"\n[config]\nn = 1\n\"k" + c + "\" = \"v" + c + "\"\n");
            Path value = Files.writeString(dir.resolve("value" + i + ".toml"),
                    "procedure = \"lab.h0.proc\"\n[config]\nn = \"v" + c + "\"\n");
            for (Path file : List.of(unknown, key, value)) {
                Result run = capa("run", file.toString(), "--runs-root", runs.toString(), "--modules", plain.toString());
                assertTrue(run.exit() == 1 || run.exit() == 2, run::toString);
                assertShownEscaped(run);
            }
            assertShownEscaped(capa("run", "--procedure", "lab.h0.proc", "--set", "k" + Character.toString(HOSTILE[i])
                    + "=1", "--runs-root", runs.toString(), "--modules", plain.toString()));
        }
    }

    /** Neither stream holds a hidden code point but line breaks, a stack trace or "internal error". */
    static void assertShownEscaped(Result result) {
        for (String stream : List.of(result.out(), result.err())) {
            stream.codePoints().filter(c -> c != '\n' && TerminalText.isHidden(c)).findFirst()
                    .ifPresent(c -> fail(String.format("U+%04X reached the terminal raw: %s", c, result)));
        }
        assertFalse(result.err().contains("internal error"), result::toString);
        assertFalse(result.err().contains("\tat "), result::toString);
    }

    static Result capa(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    /** The code point as a Java string-literal escape; javac's own \\u pre-pass would end the line. */
    static String javaLiteral(int c) {
        if (c < 0x100) {
            return "\\" + Integer.toOctalString(c);
        }
        StringBuilder out = new StringBuilder();
        for (char unit : Character.toChars(c)) {
            out.append(String.format("\\u%04x", (int) unit));
        }
        return out.toString();
    }

    static String tomlEscape(int c) {
        return c > 0xFFFF ? String.format("\\U%08X", c) : String.format("\\u%04X", c);
    }

    static String entry(String id, String pkg, String version, String entryPoint, String hash) {
        return "[[plugins]]\nid = \"" + id + "\"\npackage = \"" + pkg + "\"\nversion = \"" + version
                + "\"\nentry_point = \"" + entryPoint + "\"\ndistribution_hash = \"" + hash + "\"\n";
    }

    static String sha256(Path file) throws IOException {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
