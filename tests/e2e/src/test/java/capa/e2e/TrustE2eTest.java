package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capa plugins trust} against the image: what it prints, writes and refuses. */
class TrustE2eTest {

    static final String HEADER =
            "# capa plugins.lock \u2014 trusted procedure plugins. Pair every change with a journal line.\n"
                    + "version = 1\n";
    static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+00:00";

    /** Eight plugins lab.p0 … lab.p7, 1.0.0, built once for the class. */
    static final List<Path> PLUGINS = new ArrayList<>();
    /** lab.p0 again, same version, other bytes. */
    static Path p0Rebuilt;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildPlugins() throws IOException {
        Path built = Files.createDirectories(shared.resolve("built"));
        for (int i = 0; i < 8; i++) {
            PLUGINS.add(TestPlugins.quick(built, "p" + i, "1.0.0"));
        }
        p0Rebuilt = TestPlugins.withExtraBytes(PLUGINS.getFirst(), Files.createDirectories(shared.resolve("rebuilt")));
    }

    private Path modules(Path... jars) {
        return TestPlugins.modules(dir.resolve("modules"), jars);
    }

    private Capa.Result trust(String id, String... more) {
        List<String> args = new ArrayList<>(List.of("plugins", "trust", id, "--modules", dir.resolve("modules").toString()));
        args.addAll(List.of(more));
        return Capa.capa(args.toArray(String[]::new)).in(dir).env(noXdgLock()).run();
    }

    /** Keeps the developer's own ~/.config/capa/plugins.lock out of the test. */
    private Map<String, String> noXdgLock() {
        return Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
    }

    static String block(String name, String version, String hash) {
        return """
                [[plugins]]
                id = "lab.%1$s.proc"
                package = "lab.%1$s"
                version = "%2$s"
                entry_point = "lab.%1$s/lab.%1$s.Proc"
                distribution_hash = "%3$s\"""".formatted(name, version, hash);
    }

    static String abbreviated(String hash) {
        return hash.substring(0, "sha256:".length() + 22) + "\u2026";
    }

    /** Python's tomllib reads the lock and prints each entry's id, version and hash. */
    static List<String> entriesByTomllib(Path lock) {
        Capa.Result python = Capa.python("""
                import sys, tomllib
                with open(sys.argv[1], "rb") as f:
                    lock = tomllib.load(f)
                assert set(lock) <= {"version", "plugins"}, lock.keys()
                assert lock["version"] == 1
                for p in lock.get("plugins", []):
                    assert set(p) == {"id", "package", "version", "entry_point", "distribution_hash"}, p
                    print(p["id"], p["version"], p["distribution_hash"])
                """, lock.toString());
        assertEquals(0, python.exitCode(), "python3 (3.11+ with tomllib) could not read the lock: " + python);
        return python.outLines();
    }

    @Test
    void theFirstTrustCreatesTheLockInTheWorkingDirectoryAndJournalsIt() throws IOException {
        Path jar = PLUGINS.getFirst();
        modules(jar);
        String hash = TestPlugins.sha256(jar);
        Capa.Result result = trust("lab.p0.proc", "--reason", "approved by GB, ticket OPS-1284");
        assertEquals(0, result.exitCode(), result::toString);
        Path lock = dir.resolve("plugins.lock").toRealPath();
        assertEquals(List.of("trusted: lab.p0.proc 1.0.0 (" + abbreviated(hash) + ")",
                "  lock:    " + lock,
                "  journal: " + lock + ".journal"), result.outLines());
        assertEquals("", result.err());
        assertEquals(HEADER + "\n" + block("p0", "1.0.0", hash) + "\n", Files.readString(lock));

        List<String> journal = Files.readAllLines(dir.resolve("plugins.lock.journal"));
        assertEquals(1, journal.size(), journal::toString);
        String[] fields = journal.getFirst().split("\t", -1);
        assertAll(
                () -> assertEquals(6, fields.length, journal::toString),
                () -> assertTrue(fields[0].matches(TIMESTAMP), fields[0]),
                () -> assertEquals(List.of("trust", "lab.p0.proc", "1.0.0", hash, "approved by GB, ticket OPS-1284"),
                        List.of(fields).subList(1, 6)));
        assertEquals(List.of("lab.p0.proc 1.0.0 " + hash), entriesByTomllib(lock));
    }

    @Test
    void theLockFlagAndTheEnvironmentVariableNameWhereTheLockIsCreated() throws IOException {
        modules(PLUGINS.get(0), PLUGINS.get(1));
        Path byFlag = dir.resolve("etc/by-flag.lock");
        Files.createDirectories(byFlag.getParent());
        Capa.Result flag = trust("lab.p0.proc", "--reason", "flag", "--plugins-lock", byFlag.toString());
        assertEquals(0, flag.exitCode(), flag::toString);
        assertEquals("  lock:    " + byFlag, flag.outLines().get(1));
        assertEquals("  journal: " + byFlag + ".journal", flag.outLines().get(2));

        Path byVariable = dir.resolve("etc/by-variable.lock");
        Capa.Result variable = Capa.capa("plugins", "trust", "lab.p1.proc", "--reason", "variable",
                        "--modules", dir.resolve("modules").toString())
                .in(dir).env(Map.of("CAPA_PLUGINS_LOCK", byVariable.toString())).run();
        assertEquals(0, variable.exitCode(), variable::toString);
        assertEquals("  lock:    " + byVariable, variable.outLines().get(1));

        assertFalse(Files.exists(dir.resolve("plugins.lock")), "trust wrote ./plugins.lock anyway");
        assertEquals(List.of("lab.p0.proc 1.0.0 " + TestPlugins.sha256(PLUGINS.get(0))), entriesByTomllib(byFlag));
        assertEquals(List.of("lab.p1.proc 1.0.0 " + TestPlugins.sha256(PLUGINS.get(1))), entriesByTomllib(byVariable));
        assertEquals(1, Files.readAllLines(Path.of(byVariable + ".journal")).size());
    }

    @Test
    void afterTrustProductionLoadsThePluginAndAChangedJarIsRefreshed() throws IOException {
        Path modules = modules(PLUGINS.get(0), PLUGINS.get(1));
        Map<String, String> production = Map.of("CAPA_PLUGIN_MODE", "production",
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString());
        // An empty lock: production gates against it, and trust appends to it.
        Files.writeString(dir.resolve("plugins.lock"), "version = 1\n");
        Capa.Result before = Capa.capa("plugins", "list", "--modules", modules.toString()).in(dir).env(production).run();
        assertTrue(before.outLines().contains("  lab.p0.proc: MISSING_FROM_LOCK"), before::toString);

        // trust works in production too: trusting what production rejects is the point
        Capa.Result trusted = Capa.capa("plugins", "trust", "lab.p0.proc", "--reason", "reviewed",
                "--modules", modules.toString()).in(dir).env(production).run();
        assertEquals(0, trusted.exitCode(), trusted::toString);
        Capa.Result after = Capa.capa("plugins", "list", "--modules", modules.toString()).in(dir).env(production).run();
        assertTrue(after.outLines().stream().anyMatch(l -> l.startsWith("lab.p0.proc ")), after::toString);
        assertTrue(after.outLines().contains("  lab.p1.proc: MISSING_FROM_LOCK"), after::toString);
        assertFalse(after.out().contains("lab.p0.proc:"), after::toString);

        // the JAR is rebuilt: same version, other bytes
        Files.copy(p0Rebuilt, modules.resolve(p0Rebuilt.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String newHash = TestPlugins.sha256(p0Rebuilt);
        Capa.Result drifted = Capa.capa("plugins", "list", "--modules", modules.toString()).in(dir).env(production).run();
        assertTrue(drifted.outLines().contains("  lab.p0.proc: HASH_MISMATCH"), drifted::toString);
        assertTrue(drifted.outLines().contains("Drift vs plugins.lock:"), drifted::toString);

        Capa.Result refreshed = trust("lab.p0.proc", "--reason", "rebuilt, reviewed again");
        assertEquals(0, refreshed.exitCode(), refreshed::toString);
        assertEquals("trusted: lab.p0.proc 1.0.0 (" + abbreviated(newHash) + ")", refreshed.outLines().getFirst());
        Capa.Result clean = Capa.capa("plugins", "list", "--modules", modules.toString()).in(dir).env(production).run();
        assertTrue(clean.outLines().stream().anyMatch(l -> l.startsWith("lab.p0.proc ")), clean::toString);
        assertFalse(clean.out().contains("Drift"), clean::toString);
        assertEquals("version = 1\n\n" + block("p0", "1.0.0", newHash) + "\n",
                Files.readString(dir.resolve("plugins.lock")));
        assertEquals(List.of("lab.p0.proc 1.0.0 " + newHash), entriesByTomllib(dir.resolve("plugins.lock")));
        assertEquals(2, Files.readAllLines(dir.resolve("plugins.lock.journal")).size());
    }

    /** A lock as a person writes it: comments, blank lines, odd spacing, tabs. */
    static final String HAND_PREFIX = """
            # Rig 7: trusted procedures.   Reviewed by GB, 2026-11.
            version   =   1     # schema

            # the pump controller
            [[plugins]]
            id="lab.other.proc"
            package =   "lab.other"
            version\t=\t"2.0.0"
            entry_point = 'lab.other/lab.other.Proc'
            distribution_hash = "sha256:%s"



            # the target, an old build:
            """.formatted("ab".repeat(32));
    static final String HAND_TARGET = block("p0", "0.9.0", "sha256:" + "0".repeat(64));
    static final String HAND_SUFFIX = """

            # end of the list; keep this comment
            [[plugins]]
              id = "lab.last.proc"   # indented
              package = "lab.last"
              version = "3.1.4"
              entry_point = "lab.last/lab.last.Proc"
              distribution_hash = "sha256:%s"
            # really the end
            """.formatted("cd".repeat(32));

    @Test
    void aRefreshKeepsEveryByteOfAHandWrittenLockOutsideTheTrustedEntry() throws IOException {
        modules(PLUGINS.getFirst());
        Path lock = dir.resolve("plugins.lock");
        Files.writeString(lock, HAND_PREFIX + HAND_TARGET + HAND_SUFFIX);
        Capa.Result result = trust("lab.p0.proc", "--reason", "refresh");
        assertEquals(0, result.exitCode(), result::toString);
        String hash = TestPlugins.sha256(PLUGINS.getFirst());
        assertEquals(HAND_PREFIX + block("p0", "1.0.0", hash) + HAND_SUFFIX, Files.readString(lock));
        assertEquals(List.of("lab.other.proc 2.0.0 sha256:" + "ab".repeat(32), "lab.p0.proc 1.0.0 " + hash,
                "lab.last.proc 3.1.4 sha256:" + "cd".repeat(32)), entriesByTomllib(lock));
    }

    @Test
    void aRefreshKeepsTheCommentsKeyOrderAndTrailingCommentsInsideTheTrustedEntry() throws IOException {
        modules(PLUGINS.getFirst());
        Path lock = dir.resolve("plugins.lock");
        String target = """
                [[plugins]]   # p0, approved OPS-1284
                # the digest first, as the reviewer pasted it
                distribution_hash = "sha256:%s"   # the old build
                id = "lab.p0.proc"
                version = '0.9.0'
                # a note between the keys
                package = "lab.p0"
                entry_point = 'lab.p0/lab.p0.Proc'""".formatted("0".repeat(64));
        Files.writeString(lock, HAND_PREFIX + target + HAND_SUFFIX);
        Capa.Result result = trust("lab.p0.proc", "--reason", "refresh");
        assertEquals(0, result.exitCode(), result::toString);
        String hash = TestPlugins.sha256(PLUGINS.getFirst());
        // Only the two values that changed are replaced; the unchanged literal entry point stays as written.
        assertEquals(HAND_PREFIX + target.replace("sha256:" + "0".repeat(64), hash)
                .replace("'0.9.0'", "\"1.0.0\"") + HAND_SUFFIX, Files.readString(lock));
        assertEquals(List.of("lab.other.proc 2.0.0 sha256:" + "ab".repeat(32), "lab.p0.proc 1.0.0 " + hash,
                "lab.last.proc 3.1.4 sha256:" + "cd".repeat(32)), entriesByTomllib(lock));
    }

    @Test
    void anAppendKeepsEveryByteOfAHandWrittenLock() throws IOException {
        modules(PLUGINS.get(1));
        Path lock = dir.resolve("plugins.lock");
        String original = HAND_PREFIX + HAND_TARGET + HAND_SUFFIX;
        Files.writeString(lock, original);
        Capa.Result result = trust("lab.p1.proc", "--reason", "append");
        assertEquals(0, result.exitCode(), result::toString);
        String hash = TestPlugins.sha256(PLUGINS.get(1));
        String written = Files.readString(lock);
        assertTrue(written.startsWith(original), written);
        assertEquals("\n" + block("p1", "1.0.0", hash) + "\n", written.substring(original.length()));
        assertEquals(4, entriesByTomllib(lock).size());
    }

    @Test
    void aMissingBlankOrMultiFieldReasonExitsTwoAndWritesNothing() throws IOException {
        modules(PLUGINS.getFirst());
        Path lock = dir.resolve("plugins.lock");
        List<List<String>> bad = List.of(List.of(), List.of("--reason", ""), List.of("--reason", "   "),
                List.of("--reason", "ok\tthen"), List.of("--reason", "two\nlines"));
        for (List<String> reason : bad) {
            Capa.Result result = trust("lab.p0.proc", reason.toArray(String[]::new));
            assertEquals(2, result.exitCode(), () -> reason + ": " + result);
            assertTrue(result.err().contains("--reason"), () -> reason + ": " + result);
            assertFalse(result.err().contains("\tat "), result::toString);
            assertEquals("", result.out(), result::toString);
            assertEquals(Set.of("modules"), names(dir), () -> reason + " left files behind");
        }
        // with a lock in place, it stays as it was
        Files.writeString(lock, HAND_PREFIX + HAND_TARGET + HAND_SUFFIX);
        Capa.Result tab = trust("lab.p0.proc", "--reason", "a\tb");
        assertEquals(2, tab.exitCode(), tab::toString);
        assertEquals(HAND_PREFIX + HAND_TARGET + HAND_SUFFIX, Files.readString(lock));
        assertFalse(Files.exists(dir.resolve("plugins.lock.journal")));
    }

    private static Set<String> names(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void anUnknownIdExitsTwoListingTheAvailableIds() throws IOException {
        modules(PLUGINS.get(0), PLUGINS.get(1));
        Capa.Result result = trust("lab.nope.proc", "--reason", "r");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().contains("lab.nope.proc"), result::toString);
        for (String id : List.of("capa.builtin.free_run", "capa.builtin.recipe_runner", "capa.builtin.batch",
                "lab.p0.proc", "lab.p1.proc")) {
            assertTrue(result.err().contains(id), () -> id + " not listed: " + result);
        }
        assertEquals(Set.of("modules"), names(dir));
    }

    @Test
    void aRejectedPluginCannotBeTrustedAndItsReasonIsShown() throws IOException {
        // the image's own lab.wash fails the contract check
        Capa.Result contract = Capa.capa("plugins", "trust", "lab.wash.plate_wash", "--reason", "r")
                .in(dir).env(noXdgLock()).run();
        assertEquals(2, contract.exitCode(), contract::toString);
        assertTrue(contract.err().contains("lab.wash.plate_wash: contract_check_failed: missing async run()"),
                contract::toString);
        // two JARs claiming one id: neither is trusted
        Path modules = modules(PLUGINS.getFirst());
        Files.copy(PLUGINS.getFirst(), modules.resolve("copy-of-p0.jar"));
        Capa.Result duplicate = trust("lab.p0.proc", "--reason", "r");
        assertEquals(2, duplicate.exitCode(), duplicate::toString);
        assertTrue(duplicate.err().contains("lab.p0.proc: duplicate_id"), duplicate::toString);
        assertTrue(duplicate.err().contains("copy-of-p0.jar"), duplicate::toString);
        assertEquals(Set.of("modules"), names(dir));
    }

    @Test
    void anUnusableLockIsNeverOverwritten() throws IOException {
        modules(PLUGINS.getFirst());
        Path lock = dir.resolve("plugins.lock");
        Map<String, String> unusable = Map.of(
                "version = 1\n[[plugins]\nid = \"x\"\n", "plugins.lock:2:",
                "version = 1\ncolour = \"blue\"\n", "plugins.lock:2:1",
                "version = 2\n", "plugins.lock:1:",
                "version = 1\n\n" + block("p0", "1.0.0", "sha256:123") + "\n", "plugins.lock:");
        for (var bad : unusable.entrySet()) {
            Files.writeString(lock, bad.getKey());
            Capa.Result result = trust("lab.p0.proc", "--reason", "r");
            assertEquals(2, result.exitCode(), result::toString);
            assertTrue(result.err().contains(dir.toRealPath() + "/" + bad.getValue()), result::toString);
            assertFalse(result.err().contains("\tat "), result::toString);
            assertEquals(bad.getKey(), Files.readString(lock));
            assertFalse(Files.exists(dir.resolve("plugins.lock.journal")));
        }
    }

    @Test
    void aSymlinkedLockIsWrittenThroughAndKeepsItsPermissions() throws IOException {
        modules(PLUGINS.getFirst());
        Path target = Files.createDirectories(dir.resolve("etc")).resolve("plugins.lock");
        Files.writeString(target, "version = 1\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(dir.resolve("plugins.lock"), target);
        Capa.Result result = trust("lab.p0.proc", "--reason", "through the link");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(Files.isSymbolicLink(dir.resolve("plugins.lock")), "the link was replaced by a file");
        assertEquals(List.of("lab.p0.proc 1.0.0 " + TestPlugins.sha256(PLUGINS.getFirst())), entriesByTomllib(target));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void aReadOnlyDirectoryIsAClearRefusalWithNothingChanged() throws IOException {
        modules(PLUGINS.getFirst());
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.writeString(locked.resolve("plugins.lock"), "version = 1\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Capa.Result result = trust("lab.p0.proc", "--reason", "r", "--plugins-lock",
                    locked.resolve("plugins.lock").toString());
            assertEquals(2, result.exitCode(), result::toString);
            assertTrue(result.err().contains(locked.toString()) && result.err().contains("read-only"), result::toString);
            assertNoTraceIn(result);
            assertEquals(Set.of("plugins.lock"), names(locked));
            assertEquals("version = 1\n", Files.readString(locked.resolve("plugins.lock")));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static void assertNoTraceIn(Capa.Result result) {
        assertFalse(result.err().contains("\tat "), result::toString);
    }

    @Test
    void eightConcurrentTrustsEachLandWithTheirJournalLine() throws IOException {
        Path modules = modules(PLUGINS.toArray(Path[]::new));
        List<Capa.Running> running = IntStream.range(0, 8)
                .mapToObj(i -> Capa.capa("plugins", "trust", "lab.p" + i + ".proc", "--reason", "batch " + i,
                        "--modules", modules.toString()).in(dir).env(noXdgLock()).launch())
                .toList();
        for (Capa.Running process : running) {
            Capa.Result result = process.await();
            assertEquals(0, result.exitCode(), result::toString);
        }
        Path lock = dir.resolve("plugins.lock");
        Set<String> expected = IntStream.range(0, 8)
                .mapToObj(i -> "lab.p" + i + ".proc 1.0.0 " + TestPlugins.sha256(PLUGINS.get(i)))
                .collect(Collectors.toSet());
        assertEquals(expected, Set.copyOf(entriesByTomllib(lock)));
        assertTrue(Files.readString(lock).startsWith(HEADER), "the header is missing");
        List<String> journal = Files.readAllLines(dir.resolve("plugins.lock.journal"));
        assertEquals(8, journal.size(), journal::toString);
        assertEquals(IntStream.range(0, 8).mapToObj(i -> "lab.p" + i + ".proc").collect(Collectors.toSet()),
                journal.stream().map(l -> l.split("\t")[2]).collect(Collectors.toSet()));
        journal.forEach(line -> assertTrue(line.split("\t")[0].matches(TIMESTAMP), line));
    }

    @Test
    void aBuiltinCanBeTrustedWithItsSharedDigest() throws IOException {
        Capa.Result result = Capa.capa("plugins", "trust", "capa.builtin.batch", "--reason", "pin the builtins")
                .in(dir).env(noXdgLock()).run();
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.outLines().getFirst().matches(
                "trusted: capa\\.builtin\\.batch 0\\.1\\.0 \\(sha256:[0-9a-f]{22}\u2026\\)"), result::toString);
        List<String> entries = entriesByTomllib(dir.resolve("plugins.lock"));
        assertEquals(1, entries.size());
        assertTrue(entries.getFirst().matches("capa\\.builtin\\.batch 0\\.1\\.0 sha256:[0-9a-f]{64}"), entries::toString);
        String lock = Files.readString(dir.resolve("plugins.lock"));
        assertTrue(lock.contains("package = \"capa\"\n"), lock);
        assertTrue(lock.contains("entry_point = \"capa.builtin/capa.builtin.Batch\"\n"), lock);
    }
}
