package capa.plugins.lock;

import capa.base.PluginCoordinates;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.DistributionHash;
import capa.base.PluginId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LockfileTransactionTest {

    static final String HASH_A = "sha256:" + "a1".repeat(32);
    static final String HASH_B = "sha256:" + "b2".repeat(32);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    Path lock;
    Path journal;

    @BeforeEach
    void setUp() {
        lock = dir.resolve("plugins.lock");
        journal = dir.resolve("plugins.lock.journal");
    }

    static PluginCoordinates entry(String id, String version, String hash) {
        return new PluginCoordinates(new PluginId(id), "capa.contrib", version,
                "capa.contrib/capa.contrib.P", DistributionHash.parse(hash));
    }

    private LockfileTransaction transaction() {
        return new LockfileTransaction(LockfileLocator.locate(null, Map.of(), dir), CLOCK);
    }

    private LockfileTransaction transaction(Path path) {
        return new LockfileTransaction(LockfileLocator.locate(path.toString(), Map.of(), dir), CLOCK);
    }

    private Lockfile loaded(Path path) {
        return assertInstanceOf(LockState.Loaded.class,
                LockfileReader.read(LockfileLocator.locate(path.toString(), Map.of(), dir))).lockfile();
    }

    @Test
    void firstTrustCreatesTheLockWithItsHeaderAndOneJournalLine() throws Exception {
        LockChange change = transaction().trust(entry("capa.contrib.a", "1.0", HASH_A), "approved by GB");
        assertTrue(change.created());
        assertEquals(lock, change.lock());
        assertEquals(journal, change.journal());
        assertTrue(Files.readString(lock).startsWith(LockDocument.HEADER + "\n[[plugins]]\n"));
        assertEquals(List.of(entry("capa.contrib.a", "1.0", HASH_A)), loaded(lock).entries());
        assertEquals("2026-11-24T10:15:30+00:00\ttrust\tcapa.contrib.a\t1.0\t" + HASH_A + "\tapproved by GB\n",
                Files.readString(journal));
    }

    @Test
    void refreshKeepsEveryByteOutsideTheEntryAndAppendsToTheJournal() throws Exception {
        Files.writeString(lock, LockDocumentTest.HAND_WRITTEN);
        Files.writeString(journal, "2026-01-01T00:00:00+00:00\ttrust\tcapa.contrib.ramp\t0.3.0\t" + HASH_B + "\tfirst\n");
        PluginCoordinates refreshed = entry("capa.contrib.ramp", "0.3.1", HASH_A);
        LockChange change = transaction().trust(refreshed, "version bump accepted");
        assertFalse(change.created());
        assertEquals(LockDocumentTest.parse(LockDocumentTest.HAND_WRITTEN).withEntry(refreshed), Files.readString(lock));
        assertEquals(2, Files.readAllLines(journal).size());
        assertEquals(List.of("capa.contrib.heater", "capa.contrib.ramp", "capa.contrib.wash"),
                IndependentToml.ids(Files.readString(lock)));
    }

    @ParameterizedTest
    @EnumSource(TextVariant.class)
    void aRefreshKeepsEveryCommentAroundAndInsideTheBlockInEachTextVariant(TextVariant variant) throws Exception {
        String before = """
                version = 1
                # above the block
                [[plugins]] # on the header
                version = "1.0" # pinned by GB
                # between keys
                id = "capa.contrib.a"
                distribution_hash = "%s"	# after the digest
                entry_point = "capa.contrib/capa.contrib.P"
                package = "capa.contrib"
                # after the block
                """.formatted(HASH_A);
        Files.write(lock, variant.bytes(before));
        transaction().trust(entry("capa.contrib.a", "1.1", HASH_B), "refresh");
        assertArrayEquals(variant.bytes(before.replace("\"1.0\"", "\"1.1\"").replace(HASH_A, HASH_B)),
                Files.readAllBytes(lock));
    }

    @ParameterizedTest
    @EnumSource(TextVariant.class)
    void trustAndUntrustKeepTheFilesLineBreaksAndByteOrderMark(TextVariant variant) throws Exception {
        Files.write(lock, variant.bytes(LockDocumentTest.HAND_WRITTEN));
        Files.write(journal, variant.bytes("2026-01-01T00:00:00+00:00\ttrust\tcapa.contrib.ramp\t0.3.0\t"
                + HASH_B + "\tfirst\n"));
        transaction().trust(entry("capa.contrib.ramp", "0.3.1", HASH_A), "refresh");
        variant.assertConvention(Files.readAllBytes(lock), "lock after a refresh");
        variant.assertConvention(Files.readAllBytes(journal), "journal after a refresh");
        transaction().trust(entry("capa.contrib.new", "1.0", HASH_B), "append");
        transaction().revoke(new PluginId("capa.contrib.heater"), "retired");
        byte[] written = Files.readAllBytes(lock);
        variant.assertConvention(written, "lock after an append and a revoke");
        variant.assertConvention(Files.readAllBytes(journal), "journal after an append and a revoke");
        List<String> ids = List.of("capa.contrib.ramp", "capa.contrib.wash", "capa.contrib.new");
        assertEquals(ids, loaded(lock).entries().stream().map(e -> e.id().value()).toList());
        assertEquals(ids, IndependentToml.ids(written));
        assertEquals(4, JournalAudit.audit(loaded(lock), journal).lines());
        assertTrue(JournalAudit.audit(loaded(lock), journal).findings().stream()
                .noneMatch(f -> f instanceof AuditFinding.MalformedLine));
    }

    @Test
    void mixedLineBreaksAddLinesAsTheFirstLineEnds() throws Exception {
        Files.writeString(lock, "# made on Linux\nversion = 1\r\n");
        Files.writeString(journal, "2026-01-01T00:00:00+00:00\ttrust\tcapa.contrib.x\t1\t" + HASH_B + "\tfirst\r\n"
                + "2026-01-01T00:00:00+00:00\ttrust\tcapa.contrib.y\t1\t" + HASH_B + "\tsecond\n");
        transaction().trust(entry("capa.contrib.a", "1", HASH_A), "ok");
        assertEquals("# made on Linux\nversion = 1\r\n\n" + LockDocument.block(entry("capa.contrib.a", "1", HASH_A),
                "\n") + "\n", Files.readString(lock));
        assertTrue(Files.readString(journal).endsWith("second\n2026-11-24T10:15:30+00:00\ttrust\tcapa.contrib.a\t1\t"
                + HASH_A + "\tok\r\n"), Files.readString(journal));
    }

    @Test
    void newJournalEndsItsLinesAsTheLockDoes() throws Exception {
        Files.write(lock, TextVariant.BOM_CRLF.bytes("version = 1\n"));
        transaction().trust(entry("capa.contrib.a", "1", HASH_A), "ok");
        TextVariant.CRLF.assertConvention(Files.readAllBytes(journal), "new journal");
        TextVariant.BOM_CRLF.assertConvention(Files.readAllBytes(lock), "lock");
    }

    @Test
    void unusableLockIsNeverOverwritten() throws Exception {
        byte[] broken = "version = 1\n[[plugins]]\nid = \"capa.contrib.a\"\n".getBytes();
        Files.write(lock, broken);
        LockWriteException e = assertThrows(LockWriteException.class,
                () -> transaction().trust(entry("capa.contrib.a", "1", HASH_A), "ok"));
        assertTrue(e.getMessage().startsWith(lock + ":2:1: [[plugins]] entry is missing 'package'"), e.getMessage());
        assertArrayEquals(broken, Files.readAllBytes(lock));
        assertFalse(Files.exists(journal));
    }

    @Test
    void badReasonWritesNothingAtAll() {
        assertThrows(IllegalArgumentException.class,
                () -> transaction().trust(entry("capa.contrib.a", "1", HASH_A), "two\nlines"));
        assertThrows(IllegalArgumentException.class,
                () -> transaction().trust(entry("capa.contrib.a", "1", HASH_A), " "));
        assertEquals(0, dir.toFile().list().length);
    }

    @Test
    void symlinkedLockIsWrittenThroughToItsTarget() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real")).resolve("rig.lock");
        Files.writeString(real, "version = 1 # rig 4\n");
        Path link = Files.createSymbolicLink(dir.resolve("linked.lock"), real);
        transaction(link).trust(entry("capa.contrib.a", "1", HASH_A), "ok");
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(real).startsWith("version = 1 # rig 4\n\n[[plugins]]\n"));
        assertEquals(1, Files.readAllLines(real.resolveSibling("rig.lock.journal")).size());
        assertFalse(Files.exists(dir.resolve("linked.lock.journal")));
    }

    /**
     * {@code plugins.lock -> rigdir/../rig.lock} where {@code rigdir} is itself a link into
     * another tree: the file system reaches {@code elsewhere/a/rig.lock}, while resolving the
     * text would give the decoy {@code ./rig.lock}.
     */
    private Path linkThroughASymlinkedDirectory() throws IOException {
        Path deep = Files.createDirectories(dir.resolve("elsewhere/a/b"));
        Files.writeString(deep.resolveSibling("rig.lock"), "version = 1 # the real one\n");
        Files.writeString(dir.resolve("rig.lock"), "version = 1 # the decoy\n");
        Files.createSymbolicLink(dir.resolve("rigdir"), deep);
        return Files.createSymbolicLink(dir.resolve("plugins.lock"), dir.getFileSystem().getPath("rigdir/../rig.lock"));
    }

    @Test
    void trustAndUntrustChangeTheFileTheSymlinkChainReaches() throws Exception {
        Path link = linkThroughASymlinkedDirectory();
        Path real = dir.resolve("elsewhere/a/rig.lock");
        byte[] decoy = Files.readAllBytes(dir.resolve("rig.lock"));
        LockLocation location = LockfileLocator.locate(link.toString(), Map.of(), dir);
        assertEquals(real.toRealPath(), location.realPath());

        LockChange change = transaction(link).trust(entry("capa.contrib.a", "1", HASH_A), "ok");
        assertEquals(real.toRealPath().resolveSibling("rig.lock.journal"), change.journal());
        assertTrue(Files.readString(real).contains("capa.contrib.a"));
        Lockfile read = loaded(link);
        assertEquals(List.of(entry("capa.contrib.a", "1", HASH_A)), read.entries());
        assertTrue(JournalAudit.audit(read, location.journal()).clean());
        assertTrue(Files.exists(real.resolveSibling("rig.lock.lck")));

        transaction(link).revoke(new PluginId("capa.contrib.a"), "retired");
        assertEquals(List.of(), loaded(link).entries());
        assertEquals(2, Files.readAllLines(real.resolveSibling("rig.lock.journal")).size());
        assertTrue(JournalAudit.audit(loaded(link), location.journal()).clean());

        assertArrayEquals(decoy, Files.readAllBytes(dir.resolve("rig.lock")));
        for (String stray : List.of("rig.lock.journal", "rig.lock.lck", "plugins.lock.journal", "plugins.lock.lck")) {
            assertFalse(Files.exists(dir.resolve(stray)), stray);
        }
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aFlagValueWithDotDotAfterASymlinkedDirectoryNamesTheFileTheSystemReaches() throws Exception {
        linkThroughASymlinkedDirectory();
        LockLocation location = LockfileLocator.locate("rigdir/../rig.lock", Map.of(), dir);
        assertEquals(dir.resolve("elsewhere/a/rig.lock").toRealPath(), location.path());
        new LockfileTransaction(location, CLOCK).trust(entry("capa.contrib.a", "1", HASH_A), "ok");
        assertTrue(Files.readString(dir.resolve("elsewhere/a/rig.lock")).contains("capa.contrib.a"));
        assertEquals("version = 1 # the decoy\n", Files.readString(dir.resolve("rig.lock")));
    }

    @Test
    void aNewLockIsCreatedInTheRealDirectoryOfItsPath() throws Exception {
        linkThroughASymlinkedDirectory();
        Path named = dir.resolve("rigdir/../new.lock");
        new LockfileTransaction(new LockLocation(named, true, List.of(named)), CLOCK)
                .trust(entry("capa.contrib.a", "1", HASH_A), "ok");
        assertTrue(Files.exists(dir.resolve("elsewhere/a/new.lock")));
        assertTrue(Files.exists(dir.resolve("elsewhere/a/new.lock.journal")));
        assertFalse(Files.exists(dir.resolve("new.lock")));
    }

    @Test
    void aBrokenLockSymlinkIsRefusedAndNothingIsCreated() throws Exception {
        Path link = Files.createSymbolicLink(lock, dir.resolve("gone/rig.lock"));
        Files.createDirectories(dir.resolve("gone"));
        LockWriteException e = assertThrows(LockWriteException.class,
                () -> transaction().trust(entry("capa.contrib.a", "1", HASH_A), "ok"));
        assertTrue(e.getMessage().startsWith(lock + " is a broken symbolic link (to " + dir.resolve("gone/rig.lock")
                + ", which does not exist); capa does not create a lock through a broken link"), e.getMessage());
        assertEquals(List.of(), List.of(dir.resolve("gone").toFile().list()));
        assertFalse(Files.exists(journal));
        String problem = assertInstanceOf(LockState.Unusable.class,
                LockfileReader.read(LockfileLocator.locate(null, Map.of(), dir))).problem();
        assertTrue(problem.contains("broken symbolic link"), problem);
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void existingPermissionsAreKept() throws Exception {
        Files.writeString(lock, "version = 1\n");
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-r-----"));
        transaction().trust(entry("capa.contrib.a", "1", HASH_A), "ok");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(lock)));
    }

    @Test
    void readOnlyLockIsAClearErrorWithNothingChanged() throws Exception {
        Files.writeString(lock, "version = 1\n");
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("r--r--r--"));
        LockWriteException e = assertThrows(LockWriteException.class,
                () -> transaction().trust(entry("capa.contrib.a", "1", HASH_A), "ok"));
        assertTrue(e.getMessage().contains("is read-only (r--r--r--)"), e.getMessage());
        assertEquals("version = 1\n", Files.readString(lock));
        assertFalse(Files.exists(journal));
    }

    @Test
    void readOnlyDirectoryIsAClearErrorWithNothingCreated() throws Exception {
        Path locked = Files.createDirectories(dir.resolve("ro"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            LockWriteException e = assertThrows(LockWriteException.class,
                    () -> transaction(locked.resolve("plugins.lock")).trust(entry("capa.contrib.a", "1", HASH_A), "ok"));
            assertTrue(e.getMessage().contains("the directory is read-only"), e.getMessage());
            assertEquals(0, locked.toFile().list().length);
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void missingDirectoryIsAClearError() {
        LockWriteException e = assertThrows(LockWriteException.class, () -> transaction(dir.resolve("no/plugins.lock"))
                .trust(entry("capa.contrib.a", "1", HASH_A), "ok"));
        assertTrue(e.getMessage().contains("does not exist; create it first"), e.getMessage());
    }

    @Test
    void revokeRemovesTheEntryAndJournalsWhatWasTrusted() throws Exception {
        transaction().trust(entry("capa.contrib.a", "1", HASH_A), "ok");
        transaction().trust(entry("capa.contrib.b", "2", HASH_B), "ok");
        LockChange change = transaction().revoke(new PluginId("capa.contrib.a"), "withdrawn, OPS-1290");
        assertEquals(List.of(entry("capa.contrib.b", "2", HASH_B)), loaded(lock).entries());
        assertEquals("2026-11-24T10:15:30+00:00\trevoke\tcapa.contrib.a\t1\t" + HASH_A + "\twithdrawn, OPS-1290",
                change.line().format());
        assertEquals(3, Files.readAllLines(journal).size());
    }

    @Test
    void revokeOfAnUntrustedIdChangesNothing() throws Exception {
        transaction().trust(entry("capa.contrib.a", "1", HASH_A), "ok");
        String before = Files.readString(lock);
        assertThrows(LockWriteException.class, () -> transaction().revoke(new PluginId("capa.contrib.x"), "ok"));
        assertEquals(before, Files.readString(lock));
        assertEquals(1, Files.readAllLines(journal).size());
    }

    @Test
    void handEditedJournalWithoutFinalLineBreakStillGetsWholeLines() throws Exception {
        Files.writeString(journal, "2026-01-01T00:00:00+00:00\trevoke\tcapa.contrib.x\t-\t-\tby hand");
        transaction().trust(entry("capa.contrib.a", "1", HASH_A), "ok");
        List<String> lines = Files.readAllLines(journal);
        assertEquals(2, lines.size());
        lines.forEach(JournalLine::parse);
    }

    @Test
    void temporariesLeftByAKilledWriterAreCleanedUp() throws Exception {
        Path stale = Files.writeString(dir.resolve(".plugins.lock.0123456789abcdef.tmp"), "half");
        transaction().trust(entry("capa.contrib.a", "1", HASH_A), "ok");
        assertFalse(Files.exists(stale));
    }

    @Test
    void concurrentThreadsQueueAndEveryEntryLands() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<LockChange>> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                PluginCoordinates e = entry("capa.contrib.p" + i, "1", HASH_A);
                writers.add(() -> transaction().trust(e, "thread"));
            }
            for (Future<LockChange> f : pool.invokeAll(writers)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(8, loaded(lock).entries().size());
        assertEquals(8, Files.readAllLines(journal).size());
    }
}
