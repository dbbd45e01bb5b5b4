package capa.plugins.lock;

import capa.base.PluginCoordinates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.PluginId;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Every case runs over each {@link TextVariant}: CRLF and a byte-order mark read as LF does. */
@ParameterizedClass
@EnumSource(TextVariant.class)
class LockfileReaderTest {

    @Parameter
    TextVariant variant;

    static final String HASH_A = "sha256:" + "a1".repeat(32);
    static final String HASH_B = "sha256:" + "b2".repeat(32);

    private FileSystem fs;
    private Path cwd;
    private Path lock;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        cwd = Files.createDirectories(fs.getPath("/lab"));
        lock = cwd.resolve("plugins.lock");
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    static String entry(String id, String hash) {
        return "[[plugins]]\nid = \"" + id + "\"\npackage = \"capa.contrib\"\nversion = \"0.3.1\"\n"
                + "entry_point = \"capa.contrib/capa.contrib.MyProcedure\"\n"
                + "distribution_hash = \"" + hash + "\"\n";
    }

    private LockState read(String text) throws IOException {
        Files.write(lock, variant.bytes(text));
        return LockfileReader.read(LockfileLocator.locate(null, Map.of(), cwd));
    }

    private String problem(String text) throws IOException {
        return assertInstanceOf(LockState.Unusable.class, read(text)).problem();
    }

    @Test
    void missingLockIsAbsentWithEveryCandidate() {
        LockState state = LockfileReader.read(LockfileLocator.locate(null, Map.of("HOME", "/home/x"), cwd));
        assertEquals(List.of(lock, fs.getPath("/home/x/.config/capa/plugins.lock")),
                assertInstanceOf(LockState.Absent.class, state).candidates());
    }

    @Test
    void validLockLoadsEveryEntryInFileOrder() throws Exception {
        LockState state = read("# header\nversion = 1\n\n" + entry("capa.contrib.b", HASH_B)
                + "\n" + entry("capa.contrib.a", HASH_A.toUpperCase().replace("SHA256", "sha256")));
        Lockfile lockfile = assertInstanceOf(LockState.Loaded.class, state).lockfile();
        assertEquals(List.of("capa.contrib.b", "capa.contrib.a"),
                lockfile.entries().stream().map(e -> e.id().value()).toList());
        PluginCoordinates a = lockfile.entry(new PluginId("capa.contrib.a")).orElseThrow();
        assertEquals("capa.contrib", a.packageName());
        assertEquals("0.3.1", a.version());
        assertEquals("capa.contrib/capa.contrib.MyProcedure", a.entryPoint());
        assertEquals(HASH_A, a.hash().toString());
        assertEquals(List.of("capa.contrib.b", "capa.contrib.a"), IndependentToml.ids(Files.readAllBytes(lock)));
    }

    @Test
    void lockWithNoEntriesIsValid() throws IOException {
        Lockfile lockfile = assertInstanceOf(LockState.Loaded.class, read("version = 1\n")).lockfile();
        assertTrue(lockfile.entries().isEmpty());
    }

    @Test
    void tomlSyntaxErrorNamesPathLineAndColumn() throws IOException {
        assertEquals("/lab/plugins.lock:3:10: not valid TOML: Unexpected end of line, expected ]]",
                problem("version = 1\n\n[[plugins\n"));
    }

    @Test
    void invalidEscapeInAQuotedKeyIsAPositionedProblemNotACrash() throws IOException {
        // tomlj throws for this rather than listing it; it once escaped as a stack trace.
        assertEquals("/lab/plugins.lock:3:7: not valid TOML: Invalid escape sequence '\\i'",
                problem("version = 1\n\n[[\"plu\\ins\"]]\n"));
    }

    @Test
    void aShortUnicodeEscapeIsAPositionedProblemThoughTomljFailsOnIt() throws IOException {
        String text = "version = 1\n" + entry("capa.contrib.a", HASH_A).replace("\"0.3.1\"", "\"0.3.1\\U0000029\"");
        assertEquals("/lab/plugins.lock:5:17: not valid TOML for a plugins.lock: a \\U escape needs 8 hex digits",
                problem(text));
    }

    @Test
    void anEscapeTomlReservesIsRefusedThoughTomljWouldTakeIt() throws IOException {
        String text = "version = 1\n" + entry("capa.contrib.a", HASH_A).replace("\"0.3.1\"", "\"0.3\\'1\"");
        assertEquals("/lab/plugins.lock:5:15: not valid TOML for a plugins.lock: invalid escape sequence \\'",
                problem(text));
    }

    @Test
    void arraysNestedDeeperThanALockCouldNeedAreRefusedWhereTheyNest() throws IOException {
        for (int depth : new int[] {LockSyntax.MAX_DEPTH + 2, 5000}) {
            String problem = problem("version = 1\nx = " + "[".repeat(depth) + "]".repeat(depth) + "\n");
            assertTrue(problem.startsWith("/lab/plugins.lock:") && problem.contains("nested too deeply"), problem);
        }
    }

    @Test
    void nestingIsRefusedAtTheFirstBracketBeyondTheLimitOnItsOwnLineWhateverTheDepth() throws IOException {
        String head = "version = 1\n# a comment\n\n";
        for (int depth = 1; depth <= 3000; depth = depth < 70 ? depth + 1 : depth * 3 / 2) {
            for (String open : new String[] {"[", "[{a = [", "[ "}) {
                StringBuilder value = new StringBuilder();
                StringBuilder close = new StringBuilder();
                int opened = 0;
                int column = -1;
                for (int k = 0; opened < depth; k = (k + 1) % open.length()) {
                    char c = open.charAt(k);
                    value.append(c);
                    if (c == '[' || c == '{') {
                        opened++;
                        if (opened == LockSyntax.MAX_DEPTH + 1) {
                            column = "x = ".length() + value.length();
                        }
                        close.insert(0, c == '[' ? "]" : "}");
                    }
                }
                String problem = problem(head + "x = " + value + close + "\n");
                if (depth > LockSyntax.MAX_DEPTH) {
                    assertEquals("/lab/plugins.lock:4:" + column + ": not valid TOML for a plugins.lock: arrays or"
                            + " tables nested too deeply to read: more than 64 levels (a plugins.lock nests nothing)",
                            problem, "depth " + depth + " of " + open);
                } else {
                    assertFalse(problem.contains("nested too deeply"), problem);
                }
            }
        }
    }

    @Test
    void emptyFileIsUnusableForWantOfAVersion() throws IOException {
        assertTrue(problem("").startsWith("/lab/plugins.lock:1:1: missing 'version = 1'"));
    }

    @Test
    void unknownTopLevelKeyIsRefusedAtItsPosition() throws IOException {
        assertTrue(problem("version = 1\ntrusted_by = \"GB\"\n")
                .startsWith("/lab/plugins.lock:2:1: unknown key 'trusted_by'"));
    }

    @Test
    void versionMustBeAnInteger() throws IOException {
        assertTrue(problem("version = \"1\"\n")
                .startsWith("/lab/plugins.lock:1:1: 'version' must be the integer 1"));
    }

    @Test
    void newerSchemaVersionSaysANewerCapaWroteIt() throws IOException {
        String problem = problem("version = 2\n");
        assertTrue(problem.startsWith("/lab/plugins.lock:1:1: schema version 2 was written by a newer capa"), problem);
        assertTrue(problem.contains("understands schema version 1"), problem);
    }

    @Test
    void entryWithUnknownKeyIsRefused() throws IOException {
        String problem = problem("version = 1\n" + entry("capa.contrib.a", HASH_A) + "approved = true\n");
        assertTrue(problem.startsWith("/lab/plugins.lock:8:1: unknown key 'approved' in [[plugins]]"), problem);
    }

    @Test
    void entryMissingAKeyIsRefusedAtItsHeader() throws IOException {
        String text = "version = 1\n\n" + entry("capa.contrib.a", HASH_A).replace("version = \"0.3.1\"\n", "");
        assertEquals("/lab/plugins.lock:3:1: [[plugins]] entry is missing 'version'", problem(text));
    }

    @Test
    void entryValuesMustBeStrings() throws IOException {
        String text = "version = 1\n" + entry("capa.contrib.a", HASH_A).replace("\"0.3.1\"", "3");
        assertEquals("/lab/plugins.lock:5:1: 'version' must be a string", problem(text));
    }

    @Test
    void malformedIdIsRefused() throws IOException {
        String problem = problem("version = 1\n" + entry("Capa.Contrib", HASH_A));
        assertTrue(problem.startsWith("/lab/plugins.lock:3:1: 'id': malformed plugin id 'Capa.Contrib'"), problem);
    }

    @Test
    void duplicateIdIsRefusedNamingTheFirst() throws IOException {
        String problem = problem("version = 1\n" + entry("capa.contrib.a", HASH_A) + entry("capa.contrib.a", HASH_B));
        assertEquals("/lab/plugins.lock:9:1: duplicate id 'capa.contrib.a' (first entry at line 2);"
                + " ids must be unique", problem);
    }

    @Test
    void hashMustBeSha256WithFullHex() throws IOException {
        assertTrue(problem("version = 1\n" + entry("capa.contrib.a", "sha256:abc"))
                .startsWith("/lab/plugins.lock:7:1: 'distribution_hash': malformed sha256 digest"));
        assertTrue(problem("version = 1\n" + entry("capa.contrib.a", "md5:" + "a".repeat(32)))
                .startsWith("/lab/plugins.lock:7:1: 'distribution_hash': unsupported hash algorithm 'md5'"));
        assertTrue(problem("version = 1\n" + entry("capa.contrib.a", "sha512:" + "c".repeat(128)))
                .startsWith("/lab/plugins.lock:7:1: 'distribution_hash': sha512 digests are not accepted:"));
    }

    @Test
    void inlineEntriesAreRefusedSinceTrustEditsTablesInPlace() throws IOException {
        String problem = problem("version = 1\nplugins = [{id = \"capa.contrib.a\", package = \"p\","
                + " version = \"1\", entry_point = \"p/p.A\", distribution_hash = \"" + HASH_A + "\"}]\n");
        assertTrue(problem.startsWith("/lab/plugins.lock:2:12: write each entry as its own [[plugins]] table"), problem);
    }

    @Test
    void everyProblemIsReportedOnItsOwnLineInFileOrder() throws IOException {
        String problem = problem("version = 7\nextra = 1\n" + entry("capa.contrib.a", "sha1:00"));
        assertEquals(3, problem.lines().count(), problem);
        assertTrue(problem.lines().allMatch(l -> l.startsWith("/lab/plugins.lock:")), problem);
    }

    @Test
    void nonUtf8TextIsUnusable() throws IOException {
        Files.write(lock, variant.bytes(new byte[] {'v', 0x00 - 1, '\n'}));
        String problem = assertInstanceOf(LockState.Unusable.class,
                LockfileReader.read(LockfileLocator.locate(null, Map.of(), cwd))).problem();
        assertTrue(problem.startsWith("/lab/plugins.lock:1:2: not UTF-8 text"), problem);
    }

    @Test
    void utf16TextSaysWhichByteOrderMarkItHas() throws IOException {
        Files.write(lock, ("\uFEFFversion = 1\n").getBytes(StandardCharsets.UTF_16LE));
        assertEquals("/lab/plugins.lock:1:1: the file starts with a UTF-16LE byte-order mark; plugins.lock"
                + " must be UTF-8 text: save it as UTF-8 (with or without a byte-order mark)",
                assertInstanceOf(LockState.Unusable.class, LockfileReader.read(LockfileLocator.locate(null, Map.of(), cwd)))
                        .problem());
    }

    @Test
    void secondByteOrderMarkIsNotTakenForAFirst() throws IOException {
        Files.write(lock, TextVariant.BOM_LF.bytes("\uFEFFversion = 1\n"));
        assertTrue(assertInstanceOf(LockState.Unusable.class, LockfileReader.read(LockfileLocator.locate(null,
                Map.of(), cwd))).problem().startsWith("/lab/plugins.lock:1:1: not valid TOML"));
    }

    @Test
    void directoryInPlaceOfTheLockIsUnusableWithTheReason() throws IOException {
        Files.createDirectories(lock);
        LockState state = LockfileReader.read(LockfileLocator.locate(null, Map.of(), cwd));
        assertEquals("/lab/plugins.lock: cannot read: is a directory, not a file",
                assertInstanceOf(LockState.Unusable.class, state).problem());
    }

    @Test
    void textIsReadAsUtf8() throws IOException {
        Files.write(lock, variant.bytes(("version = 1\n# é\n" + entry("capa.contrib.a", HASH_A))
                .getBytes(StandardCharsets.UTF_8)));
        assertInstanceOf(LockState.Loaded.class, LockfileReader.read(LockfileLocator.locate(null, Map.of(), cwd)));
    }
}
