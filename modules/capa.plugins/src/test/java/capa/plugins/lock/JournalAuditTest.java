package capa.plugins.lock;

import capa.base.PluginCoordinates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.DistributionHash;
import capa.base.PluginId;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Every case runs over each {@link TextVariant}: CRLF and a byte-order mark read as LF does. */
@ParameterizedClass
@EnumSource(TextVariant.class)
class JournalAuditTest {

    @Parameter
    TextVariant variant;

    static final String HASH_A = "sha256:" + "a1".repeat(32);
    static final String HASH_B = "sha256:" + "b2".repeat(32);
    static final String TS = "2026-11-24T10:15:30+00:00";

    private FileSystem fs;
    private Path journal;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        journal = Files.createDirectories(fs.getPath("/lab")).resolve("plugins.lock.journal");
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    static PluginCoordinates entry(String id, String version, String hash) {
        return new PluginCoordinates(new PluginId(id), "capa.contrib", version, "capa.contrib/capa.contrib.P",
                DistributionHash.parse(hash));
    }

    static Lockfile lock(PluginCoordinates... entries) {
        return new Lockfile(1, List.of(entries));
    }

    static String trust(String id, String version, String hash) {
        return TS + "\ttrust\t" + id + "\t" + version + "\t" + hash + "\tapproved, OPS-1\n";
    }

    static String revoke(String id, String version, String hash) {
        return TS + "\trevoke\t" + id + "\t" + version + "\t" + hash + "\trevoked, OPS-2\n";
    }

    private List<String> audit(Lockfile lockfile, String journalText) throws IOException {
        Files.write(journal, variant.bytes(journalText));
        return JournalAudit.audit(lockfile, journal).findings().stream().map(AuditFinding::line).toList();
    }

    @Test
    void lockWrittenOnlyThroughTrustAgreesWithItsJournal() throws IOException {
        Files.write(journal, variant.bytes(trust("capa.contrib.a", "1.0", HASH_A) + trust("capa.contrib.b", "2.0", HASH_B)));
        AuditReport report = JournalAudit.audit(lock(entry("capa.contrib.a", "1.0", HASH_A),
                entry("capa.contrib.b", "2.0", HASH_B)), journal);
        assertTrue(report.clean(), report.findings().toString());
        assertEquals(2, report.lines());
        assertTrue(report.present());
    }

    @Test
    void refreshedTrustCountsOnlyTheLastTrustLine() throws IOException {
        assertEquals(List.of(), audit(lock(entry("capa.contrib.a", "1.1", HASH_B)),
                trust("capa.contrib.a", "1.0", HASH_A) + trust("capa.contrib.a", "1.1", HASH_B)));
        assertEquals(List.of("capa.contrib.a: hash in plugins.lock differs from its last trust line (line 2)"
                        + " (lock='" + HASH_A + "', journal='" + HASH_B + "')"),
                audit(lock(entry("capa.contrib.a", "1.1", HASH_A)),
                        trust("capa.contrib.a", "1.0", HASH_A) + trust("capa.contrib.a", "1.1", HASH_B)));
    }

    @Test
    void handEditedVersionIsReportedWithBothValues() throws IOException {
        assertEquals(List.of("capa.contrib.a: version in plugins.lock differs from its last trust line (line 1)"
                        + " (lock='9.9', journal='1.0')"),
                audit(lock(entry("capa.contrib.a", "9.9", HASH_A)), trust("capa.contrib.a", "1.0", HASH_A)));
    }

    @Test
    void entryWithoutAnyJournalLineIsAHandEdit() throws IOException {
        assertEquals(List.of("capa.contrib.b: in plugins.lock but no journal line records it (edited by hand?)"),
                audit(lock(entry("capa.contrib.a", "1.0", HASH_A), entry("capa.contrib.b", "1.0", HASH_B)),
                        trust("capa.contrib.a", "1.0", HASH_A)));
    }

    @Test
    void missingJournalLeavesEveryEntryUnrecordedAndAnEmptyLockClean() {
        AuditReport report = JournalAudit.audit(lock(entry("capa.contrib.a", "1.0", HASH_A)), journal);
        assertFalse(report.present());
        assertEquals(List.of(new AuditFinding.NotJournaled(new PluginId("capa.contrib.a"))), report.findings());
        assertTrue(JournalAudit.audit(lock(), journal).clean());
    }

    @Test
    void entryWhoseLastLineRevokesItIsReported() throws IOException {
        assertEquals(List.of("capa.contrib.a: in plugins.lock, but its last journal line (line 2) revokes it"),
                audit(lock(entry("capa.contrib.a", "1.0", HASH_A)),
                        trust("capa.contrib.a", "1.0", HASH_A) + revoke("capa.contrib.a", "1.0", HASH_A)));
    }

    @Test
    void theReferencePagesManualRevokeLineIsAccepted() throws IOException {
        String manual = "2026-11-24T11:00:00+01:00\trevoke\tcapa.contrib.a\t-\t-\trevoked: see ticket OPS-1290\n";
        assertEquals(List.of(), audit(lock(), trust("capa.contrib.a", "1.0", HASH_A) + manual));
        assertEquals(java.util.Map.of(new PluginId("capa.contrib.a"), 2), JournalAudit.audit(lock(), journal).revoked());
    }

    @Test
    void retrustAfterRevokeIsClean() throws IOException {
        assertEquals(List.of(), audit(lock(entry("capa.contrib.a", "1.0", HASH_A)), trust("capa.contrib.a", "1.0", HASH_A)
                + revoke("capa.contrib.a", "1.0", HASH_A) + trust("capa.contrib.a", "1.0", HASH_A)));
    }

    @Test
    void entryRemovedWithoutARevokeLineIsReported() throws IOException {
        assertEquals(List.of("capa.contrib.a: trusted by journal line 1 but not in plugins.lock,"
                        + " and no revoke line records its removal"),
                audit(lock(), trust("capa.contrib.a", "1.0", HASH_A)));
    }

    @Test
    void malformedLinesAreReportedWithTheirLineNumbersAndLeftOutOfTheReplay() throws IOException {
        List<AuditFinding> findings;
        Files.write(journal, variant.bytes(trust("capa.contrib.a", "1.0", HASH_A)
                + "garbage\n"
                + TS + "\tgrant\tcapa.contrib.b\t1.0\t" + HASH_B + "\tno such action\n"
                + trust("capa.contrib.b", "1.0", HASH_B).replace("approved", "appro\rved")));
        findings = JournalAudit.audit(lock(entry("capa.contrib.a", "1.0", HASH_A)), journal).findings();
        assertEquals(List.of(2, 3, 4), findings.stream()
                .map(f -> ((AuditFinding.MalformedLine) f).lineNumber()).toList());
        assertEquals("/lab/plugins.lock.journal:2: journal line 2 is malformed: expected 6 tab-separated fields"
                + " (timestamp, action, id, version, hash, reason), found 1", findings.get(0).line());
        assertTrue(findings.get(1).line().contains("unknown action 'grant'"), findings.get(1).line());
        assertTrue(findings.get(2).line().contains("carriage return"), findings.get(2).line());
    }

    @Test
    void malformedTrustLineDoesNotCountAsRecordingTheEntry() throws IOException {
        List<String> lines = audit(lock(entry("capa.contrib.a", "1.0", HASH_A)),
                "2026-11-24 10:15\ttrust\tcapa.contrib.a\t1.0\t" + HASH_A + "\tok\n");
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("/lab/plugins.lock.journal:1: journal line 1 is malformed: timestamp"),
                lines.get(0));
        assertEquals("capa.contrib.a: in plugins.lock but no journal line records it (edited by hand?)", lines.get(1));
    }

    @Test
    void emptyAndNonUtf8LinesAreMalformedButAFinalLineBreakIsNot() throws IOException {
        byte[] bad = (trust("capa.contrib.a", "1.0", HASH_A) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[bad.length + 3];
        System.arraycopy(bad, 0, bytes, 0, bad.length);
        bytes[bad.length] = (byte) 0xff;
        bytes[bad.length + 1] = (byte) 0xfe;
        bytes[bad.length + 2] = '\n';
        Files.write(journal, variant.bytes(bytes));
        AuditReport report = JournalAudit.audit(lock(entry("capa.contrib.a", "1.0", HASH_A)), journal);
        assertEquals(3, report.lines());
        assertEquals(List.of("/lab/plugins.lock.journal:2: journal line 2 is malformed: the line is empty;"
                        + " every journal line records one change",
                "/lab/plugins.lock.journal:3: journal line 3 is malformed: not UTF-8 text"),
                report.findings().stream().map(AuditFinding::line).toList());
    }

    @Test
    void lastLineWithoutALineBreakIsRead() throws IOException {
        assertEquals(List.of(), audit(lock(entry("capa.contrib.a", "1.0", HASH_A)),
                trust("capa.contrib.a", "1.0", HASH_A).strip()));
    }

    @Test
    void journalThatIsADirectoryIsUnreadable() throws IOException {
        Files.createDirectory(journal);
        AuditReport report = JournalAudit.audit(lock(entry("capa.contrib.a", "1.0", HASH_A)), journal);
        assertEquals(List.of("/lab/plugins.lock.journal: cannot read the journal: is a directory, not a file"),
                report.findings().stream().map(AuditFinding::line).toList());
    }

    @Test
    void findingsComeInOrderMalformedThenLockEntriesThenRemovals() throws IOException {
        List<AuditFinding> findings;
        Files.write(journal, variant.bytes(trust("capa.contrib.gone", "1.0", HASH_A) + "x\n"
                + revoke("capa.contrib.b", "1.0", HASH_B)));
        findings = JournalAudit.audit(lock(entry("capa.contrib.a", "1.0", HASH_A),
                entry("capa.contrib.b", "1.0", HASH_B)), journal).findings();
        assertEquals(List.of("malformed_line", "not_journaled", "revoked", "removed_without_revoke"),
                findings.stream().map(AuditFinding::kind).toList());
    }
}
