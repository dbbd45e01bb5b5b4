package capa.plugins.lock;

import capa.base.PluginCoordinates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.DistributionHash;
import capa.base.PluginId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JournalLineTest {

    static final String HASH = "sha256:" + "a1".repeat(32);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:15:30.789Z"), ZoneId.of("Europe/Berlin"));
    static final PluginCoordinates ENTRY = new PluginCoordinates(new PluginId("capa.contrib.my_procedure"), "capa.contrib",
            "0.3.1", "capa.contrib/capa.contrib.MyProcedure", DistributionHash.parse(HASH));

    @Test
    void trustLineIsTabSeparatedWithUtcSecondsAndTheFullHash() {
        assertEquals("2026-11-24T10:15:30+00:00\ttrust\tcapa.contrib.my_procedure\t0.3.1\t" + HASH
                        + "\tapproved by GB, ticket OPS-1284, code-review #421",
                JournalLine.trust(ENTRY, "approved by GB, ticket OPS-1284, code-review #421", CLOCK).format());
    }

    @Test
    void formattedLinesParseBackToTheSameLine() {
        JournalLine line = JournalLine.revoke(ENTRY, "revoked: see ticket OPS-1290", CLOCK);
        assertEquals(line, JournalLine.parse(line.format()));
    }

    @Test
    void handWrittenRevokeLineFromTheReferencePageParses() {
        JournalLine line = JournalLine.parse(
                "2026-11-24T11:00:00+01:00\trevoke\tcapa.contrib.my_procedure\t-\t-\trevoked: see ticket OPS-1290");
        assertEquals(JournalLine.Action.REVOKE, line.action());
        assertEquals("-", line.hash());
        assertEquals("2026-11-24T11:00:00+01:00\trevoke\tcapa.contrib.my_procedure\t-\t-\trevoked: see ticket OPS-1290",
                line.format());
    }

    @Test
    void trustLineWithoutAHashIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> JournalLine.parse(
                "2026-11-24T11:00:00+00:00\ttrust\tcapa.contrib.a\t1.0\t-\tok"));
    }

    @Test
    void linesWithTheWrongShapeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> JournalLine.parse("2026-11-24T11:00:00+00:00\ttrust"));
        assertThrows(IllegalArgumentException.class, () -> JournalLine.parse(
                "2026-11-24T11:00:00\ttrust\tcapa.contrib.a\t1.0\t" + HASH + "\tno offset"));
        assertThrows(IllegalArgumentException.class, () -> JournalLine.parse(
                "2026-11-24T11:00:00+00:00\tgrant\tcapa.contrib.a\t1.0\t" + HASH + "\tbad action"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "two\tcolumns", "two\nlines", "carriage\rreturn", "bell\u0007", "del\u007f", "sep\u2028"})
    void reasonThatIsBlankOrNotOneLineIsRefused(String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JournalLine.trust(ENTRY, reason, CLOCK));
        assertTrue(e.getMessage().startsWith("the reason"), e.getMessage());
    }

    @Test
    void reasonWithUnicodeAndPunctuationIsKeptVerbatim() {
        String reason = "approuvé par GB — ticket #12, \"ok\"";
        assertEquals(reason, JournalLine.parse(JournalLine.trust(ENTRY, reason, CLOCK).format()).reason());
    }
}
