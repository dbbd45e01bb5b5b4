package capa.plugins.lock;

import capa.base.PluginCoordinates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.PluginId;
import capa.plugins.NearMiss;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock's own rules and the journal-vs-lock audit at their edges: a journal hash or version
 * one digit off is a finding, ids one character apart are two ids, identical ones a duplicate.
 */
class NearMissLockTest {

    static final String HASH = "sha256:" + "0123456789abcdef".repeat(4);
    static final String ID = "capa.contrib.a";

    @TempDir
    Path dir;

    private List<String> audit(Lockfile lockfile, String journal) throws Exception {
        Path file = dir.resolve("plugins.lock.journal");
        java.nio.file.Files.writeString(file, journal);
        return JournalAudit.audit(lockfile, file).findings().stream().map(AuditFinding::line).toList();
    }

    @Test
    void aJournalHashDifferingInAnyOneDigitFromTheLocksIsAFinding() throws Exception {
        Lockfile lock = JournalAuditTest.lock(JournalAuditTest.entry(ID, "1.0", HASH));
        assertEquals(List.of(), audit(lock, JournalAuditTest.trust(ID, "1.0", HASH)));
        for (String miss : NearMiss.digests(HASH)) {
            assertEquals(List.of(ID + ": hash in plugins.lock differs from its last trust line (line 1)"
                            + " (lock='" + HASH + "', journal='" + miss + "')"),
                    audit(lock, JournalAuditTest.trust(ID, "1.0", miss)), miss);
        }
    }

    @Test
    void aJournalVersionOneCharacterOffIsAFinding() throws Exception {
        Lockfile lock = JournalAuditTest.lock(JournalAuditTest.entry(ID, "1.0.0", HASH));
        for (String miss : List.of("1.0.1", "1.0", "1.0.00", "1.0.0.0", "v1.0.0", "2.0.0")) {
            List<String> findings = audit(lock, JournalAuditTest.trust(ID, miss, HASH));
            assertEquals(1, findings.size(), () -> miss + ": " + findings);
            assertTrue(findings.getFirst().startsWith(ID + ": version in plugins.lock differs"), findings::toString);
        }
    }

    @Test
    void aJournalLineForAnIdOneCharacterOffDoesNotRecordThisEntry() throws Exception {
        Lockfile lock = JournalAuditTest.lock(JournalAuditTest.entry(ID, "1.0", HASH));
        for (String miss : List.of("capa.contrib.b", "capa.contrib.ab", "capa.contrib.a_")) {
            List<String> findings = audit(lock, JournalAuditTest.trust(miss, "1.0", HASH));
            assertTrue(findings.contains(ID + ": in plugins.lock but no journal line records it (edited by hand?)"),
                    () -> miss + ": " + findings);
        }
    }

    private static LockState parse(String text) {
        return LockfileReader.parse(Path.of("/lab/plugins.lock"), text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void idsOneCharacterApartAreTwoEntriesAndTheSameIdTwiceIsADuplicate() {
        for (String other : List.of("capa.contrib.b", "capa.contrib.ab", "capa.contrib.a_", "capa.contrib.a.a")) {
            LockState two = parse("version = 1\n" + LockfileReaderTest.entry(ID, HASH)
                    + LockfileReaderTest.entry(other, HASH));
            Lockfile lockfile = assertInstanceOf(LockState.Loaded.class, two, other).lockfile();
            assertEquals(List.of(PluginId.parse(ID), PluginId.parse(other)),
                    lockfile.entries().stream().map(PluginCoordinates::id).toList());
        }
        // the same id, however the entries differ otherwise
        LockState duplicate = parse("version = 1\n" + LockfileReaderTest.entry(ID, HASH)
                + LockfileReaderTest.entry(ID, NearMiss.lastDigit(HASH)));
        String problem = assertInstanceOf(LockState.Unusable.class, duplicate).problem();
        assertTrue(problem.contains("duplicate id '" + ID + "'"), problem);
    }

    @Test
    void theSchemaVersionOneEitherSideOfOneIsRefused() {
        assertInstanceOf(LockState.Loaded.class, parse("version = 1\n"));
        for (String version : List.of("0", "2")) {
            String problem = assertInstanceOf(LockState.Unusable.class, parse("version = " + version + "\n")).problem();
            assertTrue(problem.startsWith("/lab/plugins.lock:1:1: "), problem);
        }
    }
}
