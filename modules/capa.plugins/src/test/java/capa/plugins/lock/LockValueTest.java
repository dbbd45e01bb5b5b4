package capa.plugins.lock;

import capa.base.PluginCoordinates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.DistributionHash;
import capa.base.PluginId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one rule for values that flow from a JAR into the lock and the journal: every value it
 * accepts is written, read back and revoked; every value it refuses is a one-line refusal with
 * nothing written; and revoking never depends on what the entry holds.
 */
class LockValueTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:15:30Z"), ZoneOffset.UTC);
    private static final String HASH = "sha256:" + "b2".repeat(32);

    @TempDir
    Path dir;

    private LockfileTransaction transaction() {
        return new LockfileTransaction(LockfileLocator.locate(null, Map.of(), dir), CLOCK);
    }

    private static PluginCoordinates entry(String version) {
        return new PluginCoordinates(new PluginId("lab.probe.p"), "lab.probe", version, "lab.probe/lab.probe.P",
                DistributionHash.parse(HASH));
    }

    static List<String> acceptable() {
        return List.of("2.0 (1)", "1.0-SNAPSHOT", "2.0.Final", "1.0-rc1", "1.0+build.5", "1..2", "1.0~x", "v1",
                "unknown", "${project.version}", "1.0 \"quoted\" \\ back", "versión 2", "版本 3", "1.0 🚀",
                "#1", "1 = 2", "[1]", "'1'", "-1", "--", "a\u00a0b");
    }

    static List<String> refused() {
        List<String> values = new ArrayList<>(List.of("", "-", " 1.0", "1.0 ", "1.0\t2", "1.0\n2", "1.0\r",
                "1.0\u2028", "1.0\u2029", "1.0\ud800", "1.0\u3000x"));
        for (int c = 0; c < 0x20; c++) {
            values.add("1." + (char) c);
        }
        for (int c = 0x7f; c <= 0x9f; c++) {
            values.add("1." + (char) c);
        }
        for (char c : new char[] {'\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068',
                '\u2069', '\u200e', '\u200f', '\u061c', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'}) {
            values.add("1." + c + "0");
        }
        return values;
    }

    @Test
    void everyAcceptedValueIsTrustedReadBackJournaledAndRevoked() throws Exception {
        for (String version : acceptable()) {
            assertEquals(java.util.Optional.empty(), LockValue.problem(version), version);
            LockChange trusted = transaction().trust(entry(version), "ok");
            Lockfile lock = assertInstanceOf(LockState.Loaded.class,
                    LockfileReader.read(LockfileLocator.locate(null, Map.of(), dir))).lockfile();
            assertEquals(List.of(entry(version)), lock.entries(), version);
            assertEquals(trusted.line(), JournalLine.parse(trusted.line().format()), version);
            LockChange revoked = transaction().revoke(new PluginId("lab.probe.p"), "withdrawn");
            assertEquals(version, revoked.line().version());
            for (String line : Files.readAllLines(dir.resolve("plugins.lock.journal"))) {
                JournalLine.parse(line);
            }
        }
    }

    @Test
    void everyRefusedValueIsOneLineRefusalWithNothingWritten() {
        for (String version : refused()) {
            String problem = LockValue.problem(version).orElseThrow(() -> new AssertionError(version));
            assertFalse(problem.isBlank());
            LockWriteException e = assertThrows(LockWriteException.class,
                    () -> transaction().trust(entry(version), "ok"), version);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith("cannot record version '"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("plugins.lock")), version);
            assertFalse(Files.exists(dir.resolve("plugins.lock.journal")), version);
        }
    }

    @Test
    void revokingAnEntryIsNeverBlockedByTheValuesItHolds() throws Exception {
        for (String version : List.of("1.0\u202e0", "1.0 ", "-", "1.0\u200b")) {
            Files.writeString(dir.resolve("plugins.lock"), "version = 1\n\n" + LockDocument.block(entry(version), "\n")
                    + "\n");
            LockChange change = transaction().revoke(new PluginId("lab.probe.p"), "withdrawn");
            assertEquals(JournalLine.NONE, change.line().version(), version);
            assertEquals(List.of(), assertInstanceOf(LockState.Loaded.class,
                    LockfileReader.read(LockfileLocator.locate(null, Map.of(), dir))).lockfile().entries());
        }
    }
}
