package capa.plugins.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.DistributionHash;
import capa.base.PluginId;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockfileEditorTest {

    static final String HASH_A = "sha256:" + "a1".repeat(32);
    static final String HASH_B = "sha256:" + "b2".repeat(32);
    static final String HASH_C = "sha256:" + "c3".repeat(32);

    /** Written by hand: comments everywhere, odd spacing, odd key order, a trailing comment. */
    static final String HAND_WRITTEN = """
            # Rig 4 trust list. Owner: GB.
            version   =   1   # schema

            # first: the heater
            [[plugins]]
            id="capa.contrib.heater"
                package   = 'capa.contrib'
            version = "1.0.0"
            entry_point = "capa.contrib/capa.contrib.Heater"
            distribution_hash = "%s"


            # second: the ramp, approved OPS-1284
              [[ plugins ]]   # indented header
            distribution_hash = "%s" # pinned
            entry_point = "capa.contrib/capa.contrib.Ramp"
            # a note inside the block
            version = \"""0.3.0\"""
            id = "capa.contrib.ramp"
            package = \"""
            # not a comment\"""

            # third
            [[plugins]]
            id = "capa.contrib.wash"
            package = "capa.contrib"
            version = "2.1"
            entry_point = "capa.contrib/capa.contrib.Wash"
            distribution_hash = "%s"

            # tail comment, kept
            """.formatted(HASH_A, HASH_B, HASH_C);

    static LockfileParser.Valid parse(String text) {
        return assertInstanceOf(LockfileParser.Valid.class, LockfileParser.parse(text));
    }

    static LockEntry entry(String id, String version, String hash) {
        return new LockEntry(new PluginId(id), "capa.contrib", version,
                "capa.contrib/capa.contrib.X", DistributionHash.parse(hash));
    }

    @Test
    void refreshReplacesOnlyTheTargetBlockAndKeepsEveryOtherByte() {
        LockEntry refreshed = entry("capa.contrib.ramp", "0.3.1", HASH_A);
        String result = LockfileEditor.upsert(HAND_WRITTEN, parse(HAND_WRITTEN), refreshed);

        int headerStart = HAND_WRITTEN.indexOf("  [[ plugins ]]");
        String blockEnd = "# not a comment\"\"\"";
        int end = HAND_WRITTEN.indexOf(blockEnd) + blockEnd.length();
        String expected = HAND_WRITTEN.substring(0, headerStart)
                + LockfileEditor.block(refreshed, "\n") + HAND_WRITTEN.substring(end);
        assertEquals(expected, result);
        assertEquals(List.of("capa.contrib.heater", "capa.contrib.ramp", "capa.contrib.wash"), ids(result));
        assertEquals("0.3.1", parse(result).lockfile().entry(refreshed.id()).orElseThrow().version());
    }

    @Test
    void refreshOfTheLastBlockKeepsTheTailComment() {
        LockEntry refreshed = entry("capa.contrib.wash", "2.2", HASH_B);
        String result = LockfileEditor.upsert(HAND_WRITTEN, parse(HAND_WRITTEN), refreshed);
        assertTrue(result.endsWith(LockfileEditor.block(refreshed, "\n") + "\n\n# tail comment, kept\n"), result);
        assertTrue(result.startsWith(HAND_WRITTEN.substring(0, HAND_WRITTEN.indexOf("[[plugins]]\nid = \"capa.contrib.wash"))));
    }

    @Test
    void appendKeepsTheWholeFileAndAddsOneBlockAfterABlankLine() {
        LockEntry added = entry("capa.contrib.new_one", "0.1.0", HASH_C);
        String result = LockfileEditor.upsert(HAND_WRITTEN, parse(HAND_WRITTEN), added);
        assertEquals(HAND_WRITTEN + "\n" + LockfileEditor.block(added, "\n") + "\n", result);
        assertEquals(4, ids(result).size());
    }

    @Test
    void appendToAFileWithoutAFinalLineBreakAddsOne() {
        String text = "version = 1";
        LockEntry added = entry("capa.contrib.a", "1", HASH_A);
        assertEquals("version = 1\n\n" + LockfileEditor.block(added, "\n") + "\n",
                LockfileEditor.upsert(text, parse(text), added));
    }

    @Test
    void firstEntryInANewLockFollowsTheHeader() {
        LockEntry added = entry("capa.contrib.a", "1", HASH_A);
        String result = LockfileEditor.upsert(LockfileEditor.HEADER, parse(LockfileEditor.HEADER), added);
        assertEquals("""
                # capa plugins.lock \u2014 trusted procedure plugins. Pair every change with a journal line.
                version = 1

                [[plugins]]
                id = "capa.contrib.a"
                package = "capa.contrib"
                version = "1"
                entry_point = "capa.contrib/capa.contrib.X"
                distribution_hash = "%s"
                """.formatted(HASH_A), result);
    }

    @Test
    void windowsLineEndingsAreKeptAndUsedForNewLines() {
        String text = "version = 1\r\n\r\n" + LockfileEditor.block(entry("capa.contrib.a", "1", HASH_A), "\r\n") + "\r\n";
        String refreshed = LockfileEditor.upsert(text, parse(text), entry("capa.contrib.a", "2", HASH_B));
        assertEquals(text.replace("\"1\"", "\"2\"").replace(HASH_A, HASH_B), refreshed);
        String appended = LockfileEditor.upsert(text, parse(text), entry("capa.contrib.b", "1", HASH_C));
        assertEquals(text + "\r\n" + LockfileEditor.block(entry("capa.contrib.b", "1", HASH_C), "\r\n") + "\r\n", appended);
    }

    @Test
    void valuesAreEscapedAsBasicStrings() {
        LockEntry odd = new LockEntry(new PluginId("capa.contrib.a"), "we\"ird\\pkg", "1.0+b\u00e9ta",
                "m/m.A", DistributionHash.parse(HASH_A));
        String result = LockfileEditor.upsert(LockfileEditor.HEADER, parse(LockfileEditor.HEADER), odd);
        assertTrue(result.contains("package = \"we\\\"ird\\\\pkg\"\n"), result);
        assertEquals(odd, parse(result).lockfile().entries().getFirst());
        assertEquals("\"tab\\there\\u0001\\u007F\"", TomlText.basicString("tab\there\u0001\u007f"));
    }

    @Test
    void removeTakesOutTheBlockAndItsSeparatingBlankLinesOnly() {
        String result = LockfileEditor.remove(HAND_WRITTEN, parse(HAND_WRITTEN), new PluginId("capa.contrib.wash"));
        assertEquals(HAND_WRITTEN.replace("""
                # third
                [[plugins]]
                id = "capa.contrib.wash"
                package = "capa.contrib"
                version = "2.1"
                entry_point = "capa.contrib/capa.contrib.Wash"
                distribution_hash = "%s"
                """.formatted(HASH_C), "# third\n"), result);
        assertEquals(List.of("capa.contrib.heater", "capa.contrib.ramp"), ids(result));
    }

    @Test
    void removeOfABlockAfterBlankLinesLeavesTheNeighboursIntact() {
        String text = LockfileEditor.upsert(LockfileEditor.HEADER, parse(LockfileEditor.HEADER), entry("capa.contrib.a", "1", HASH_A));
        String two = LockfileEditor.upsert(text, parse(text), entry("capa.contrib.b", "1", HASH_B));
        assertEquals(text, LockfileEditor.remove(two, parse(two), new PluginId("capa.contrib.b")));
        assertEquals(LockfileEditor.HEADER, LockfileEditor.remove(text, parse(text), new PluginId("capa.contrib.a")));
    }

    @Test
    void removeOfAnAbsentIdReturnsNothing() {
        assertNull(LockfileEditor.remove(HAND_WRITTEN, parse(HAND_WRITTEN), new PluginId("capa.contrib.nope")));
    }

    @Test
    void everyEditParsesWithPythonsTomllib() throws Exception {
        String refreshed = LockfileEditor.upsert(HAND_WRITTEN, parse(HAND_WRITTEN), entry("capa.contrib.ramp", "0.3.1", HASH_A));
        String appended = LockfileEditor.upsert(refreshed, parse(refreshed),
                new LockEntry(new PluginId("capa.contrib.z"), "q\"uote\\", "1", "m/m.Z", DistributionHash.parse(HASH_C)));
        String removed = LockfileEditor.remove(appended, parse(appended), new PluginId("capa.contrib.heater"));
        for (String text : List.of(refreshed, appended, removed)) {
            assertEquals(ids(text), IndependentToml.ids(text));
        }
        assertEquals("q\"uote\\", IndependentToml.value(appended, 3, "package"));
    }

    static List<String> ids(String text) {
        return parse(text).lockfile().entries().stream().map(e -> e.id().value()).toList();
    }
}
