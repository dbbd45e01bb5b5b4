package capa.plugins.lock;

import capa.base.PluginCoordinates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.DistributionHash;
import capa.base.PluginId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Edits of a {@link LockDocument}: what a refresh, an append and a removal change, and that
 * every other byte stays.
 */
class LockDocumentTest {

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

    static LockDocument parse(String text) {
        return assertInstanceOf(LockfileParser.Valid.class, LockfileParser.parse(text)).document();
    }

    static PluginCoordinates entry(String id, String version, String hash) {
        return new PluginCoordinates(new PluginId(id), "capa.contrib", version,
                "capa.contrib/capa.contrib.X", DistributionHash.parse(hash));
    }

    @Test
    void refreshReplacesOnlyTheChangedValuesAndKeepsEveryOtherByteOfTheBlock() {
        PluginCoordinates old = parse(HAND_WRITTEN).lockfile().entry(new PluginId("capa.contrib.ramp")).orElseThrow();
        PluginCoordinates refreshed = new PluginCoordinates(old.id(), old.packageName(), "0.3.1", old.entryPoint(),
                DistributionHash.parse(HASH_A));
        String result = parse(HAND_WRITTEN).withEntry(refreshed);

        // The indented header and its comment, the key order, the note between the keys, the
        // trailing comment on the replaced hash's line and the unchanged multi-line package stay.
        assertEquals(HAND_WRITTEN
                .replace("distribution_hash = \"%s\" # pinned".formatted(HASH_B),
                        "distribution_hash = \"%s\" # pinned".formatted(HASH_A))
                .replace("version = \"\"\"0.3.0\"\"\"", "version = \"0.3.1\""), result);
        assertEquals(List.of("capa.contrib.heater", "capa.contrib.ramp", "capa.contrib.wash"), ids(result));
        assertEquals(refreshed, parse(result).lockfile().entry(refreshed.id()).orElseThrow());
    }

    @Test
    void refreshOfEveryValueKeepsTheCommentsAndKeyOrderInsideTheBlock() {
        String text = """
                version = 1
                # above the block
                [[plugins]] # on the header
                # before the first key
                distribution_hash = "%s"   # after a value
                id = "capa.contrib.a"
                # between keys
                entry_point = 'm/m.Old' #no space
                version = "1"
                package = "old"
                # after the last key
                """.formatted(HASH_A);
        PluginCoordinates refreshed = new PluginCoordinates(new PluginId("capa.contrib.a"), "new\"pkg", "2", "m/m.New",
                DistributionHash.parse(HASH_B));
        assertEquals("""
                version = 1
                # above the block
                [[plugins]] # on the header
                # before the first key
                distribution_hash = "%s"   # after a value
                id = "capa.contrib.a"
                # between keys
                entry_point = "m/m.New" #no space
                version = "2"
                package = "new\\"pkg"
                # after the last key
                """.formatted(HASH_B), parse(text).withEntry(refreshed));
    }

    @Test
    void refreshWithTheSameValuesChangesNothing() {
        for (PluginCoordinates entry : parse(HAND_WRITTEN).lockfile().entries()) {
            assertEquals(HAND_WRITTEN, parse(HAND_WRITTEN).withEntry(entry));
        }
        // A digest written in upper case is the same digest: kept as the person wrote it.
        String upper = "version = 1\n" + LockDocument.block(entry("capa.contrib.a", "1", HASH_A), "\n")
                .replace(HASH_A, HASH_A.toUpperCase().replace("SHA256", "sha256")) + "\n";
        assertEquals(upper, parse(upper).withEntry(entry("capa.contrib.a", "1", HASH_A)));
    }

    @Test
    void refreshOfTheLastBlockKeepsTheTailComment() {
        PluginCoordinates refreshed = entry("capa.contrib.wash", "2.2", HASH_B);
        String result = parse(HAND_WRITTEN).withEntry(refreshed);
        assertEquals(HAND_WRITTEN.replace("version = \"2.1\"", "version = \"2.2\"")
                .replace("capa.contrib/capa.contrib.Wash", "capa.contrib/capa.contrib.X")
                .replace(HASH_C, HASH_B), result);
        assertTrue(result.endsWith("\n\n# tail comment, kept\n"), result);
    }

    @Test
    void appendKeepsTheWholeFileAndAddsOneBlockAfterABlankLine() {
        PluginCoordinates added = entry("capa.contrib.new_one", "0.1.0", HASH_C);
        String result = parse(HAND_WRITTEN).withEntry(added);
        assertEquals(HAND_WRITTEN + "\n" + LockDocument.block(added, "\n") + "\n", result);
        assertEquals(4, ids(result).size());
    }

    @Test
    void appendToAFileWithoutAFinalLineBreakAddsOne() {
        String text = "version = 1";
        PluginCoordinates added = entry("capa.contrib.a", "1", HASH_A);
        assertEquals("version = 1\n\n" + LockDocument.block(added, "\n") + "\n",
                parse(text).withEntry(added));
    }

    @Test
    void firstEntryInANewLockFollowsTheHeader() {
        PluginCoordinates added = entry("capa.contrib.a", "1", HASH_A);
        String result = parse(LockDocument.HEADER).withEntry(added);
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
        String text = "version = 1\r\n\r\n" + LockDocument.block(entry("capa.contrib.a", "1", HASH_A), "\r\n") + "\r\n";
        String refreshed = parse(text).withEntry(entry("capa.contrib.a", "2", HASH_B));
        assertEquals(text.replace("\"1\"", "\"2\"").replace(HASH_A, HASH_B), refreshed);
        String appended = parse(text).withEntry(entry("capa.contrib.b", "1", HASH_C));
        assertEquals(text + "\r\n" + LockDocument.block(entry("capa.contrib.b", "1", HASH_C), "\r\n") + "\r\n", appended);
    }

    @Test
    void valuesAreEscapedAsBasicStrings() {
        PluginCoordinates odd = new PluginCoordinates(new PluginId("capa.contrib.a"), "we\"ird\\pkg", "1.0+b\u00e9ta",
                "m/m.A", DistributionHash.parse(HASH_A));
        String result = parse(LockDocument.HEADER).withEntry(odd);
        assertTrue(result.contains("package = \"we\\\"ird\\\\pkg\"\n"), result);
        assertEquals(odd, parse(result).lockfile().entries().getFirst());
        assertEquals("\"tab\\there\\u0001\\u007F\"", TomlText.basicString("tab\there\u0001\u007f"));
    }

    @Test
    void removeTakesOutTheBlockAndItsSeparatingBlankLinesOnly() {
        String result = parse(HAND_WRITTEN).without(new PluginId("capa.contrib.wash")).orElseThrow();
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
        String text = parse(LockDocument.HEADER).withEntry(entry("capa.contrib.a", "1", HASH_A));
        String two = parse(text).withEntry(entry("capa.contrib.b", "1", HASH_B));
        assertEquals(text, parse(two).without(new PluginId("capa.contrib.b")).orElseThrow());
        assertEquals(LockDocument.HEADER, parse(text).without(new PluginId("capa.contrib.a")).orElseThrow());
    }

    @Test
    void removeOfAnAbsentIdReturnsNothing() {
        assertTrue(parse(HAND_WRITTEN).without(new PluginId("capa.contrib.nope")).isEmpty());
    }

    @Test
    void everyEditParsesWithPythonsTomllib() throws Exception {
        String refreshed = parse(HAND_WRITTEN).withEntry(entry("capa.contrib.ramp", "0.3.1", HASH_A));
        String appended = parse(refreshed).withEntry(
                new PluginCoordinates(new PluginId("capa.contrib.z"), "q\"uote\\", "1", "m/m.Z", DistributionHash.parse(HASH_C)));
        String removed = parse(appended).without(new PluginId("capa.contrib.heater")).orElseThrow();
        for (String text : List.of(refreshed, appended, removed)) {
            assertEquals(ids(text), IndependentToml.ids(text));
        }
        assertEquals("q\"uote\\", IndependentToml.value(appended, 3, "package"));
    }

    static List<String> ids(String text) {
        return parse(text).lockfile().entries().stream().map(e -> e.id().value()).toList();
    }
}
