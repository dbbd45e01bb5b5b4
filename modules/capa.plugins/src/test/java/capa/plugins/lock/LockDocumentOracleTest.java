package capa.plugins.lock;

import capa.base.PluginCoordinates;
import capa.base.PluginId;
import capa.base.DistributionHash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.testkit.Seed;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * capa's one reading of a lock against tomlj, an independent full TOML parser, over thousands
 * of generated locks in every layout a person may write and as many near-misses of them: the
 * same entries, or both refuse; every position in the document points at what it says; and
 * every edit reads back, through tomlj, as the entries it should hold. Seeded ({@link Seed}).
 */
class LockDocumentOracleTest {

    private static final int CASES = 3000;
    private static final int EDITS = 300;

    @Test
    void readsEveryLockAsTomljDoesOrRefusesWhatTomljRefuses() throws Exception {
        Random random = new Random(Seed.of("LockDocumentOracleTest.reads"));
        LockTexts texts = new LockTexts(random);
        int valid = 0;
        List<String> refusedWhereTomljIsLenient = new ArrayList<>();
        for (int n = 0; n < CASES; n++) {
            String lock = texts.validLock(random.nextInt(4));
            String text = random.nextInt(3) == 0 ? lock : texts.mutated(lock);
            Optional<List<PluginCoordinates>> oracle = TomljLock.entries(text);
            switch (LockfileParser.parse(text)) {
                case LockfileParser.Valid read -> {
                    assertTrue(oracle.isPresent(), () -> "capa read a lock tomlj refuses:\n" + text);
                    assertEquals(oracle.get(), read.lockfile().entries(), text);
                    positionsPointAtWhatTheySay(read.document());
                    valid++;
                }
                case LockfileParser.Invalid refused -> {
                    assertFalse(refused.problems().isEmpty(), text);
                    assertTrue(refused.problems().stream().allMatch(p -> p.line() >= 1 && p.column() >= 1), text);
                    if (oracle.isPresent()) {
                        refusedWhereTomljIsLenient.add(text);
                    }
                }
            }
        }
        assertTrue(valid > CASES / 4, "too few valid locks generated: " + valid);
        // tomlj takes escapes TOML 1.0 reserves (such as \'): tomllib must refuse what capa refused.
        for (String text : refusedWhereTomljIsLenient.subList(0, Math.min(5, refusedWhereTomljIsLenient.size()))) {
            assertFalse(IndependentToml.accepts(text), () -> "capa refused a lock tomlj and tomllib read:\n" + text);
        }
        assertTrue(refusedWhereTomljIsLenient.size() < CASES / 50, refusedWhereTomljIsLenient::toString);
    }

    /** Each block starts at its header's line and ends after its last value's line; each value reads as its entry's. */
    private static void positionsPointAtWhatTheySay(LockDocument document) {
        String text = document.text();
        for (LockDocument.Block block : document.blocks()) {
            assertTrue(block.start() == 0 || text.charAt(block.start() - 1) == '\n', text);
            assertTrue(text.substring(block.start()).stripLeading().startsWith("[["), text);
            assertTrue(block.end() == text.length() || text.charAt(block.end() - 1) == '\n', text);
            assertEquals(LockfileParser.ENTRY_KEYS.size(), block.fields().size());
            PluginCoordinates entry = block.entry();
            List<String> values = List.of(entry.id().value(), entry.packageName(), entry.version(),
                    entry.entryPoint(), entry.hash().toString());
            for (LockDocument.Field field : block.fields()) {
                String key = field.key();
                assertTrue(text.startsWith(key, field.keyStart()) || text.startsWith(key, field.keyStart() + 1), text);
                String value = TomljLock.string(text.substring(field.valueStart(), field.valueEnd()));
                String expected = values.get(LockfileParser.ENTRY_KEYS.indexOf(key));
                assertEquals(expected, key.equals(LockfileParser.DISTRIBUTION_HASH)
                        ? DistributionHash.parse(value).toString() : value, text);
            }
            LockDocument.Field last = block.fields().getLast();
            String rest = text.substring(last.valueEnd(), block.end()).strip();
            assertTrue(rest.isEmpty() || rest.startsWith("#"), () -> "after the last value: '" + rest + "'");
        }
    }

    @Test
    void everyRefreshAppendAndRemovalReadsBackThroughTomlj() {
        Random random = new Random(Seed.of("LockDocumentOracleTest.edits"));
        LockTexts texts = new LockTexts(random);
        for (int n = 0; n < EDITS; n++) {
            String text = texts.validLock(1 + random.nextInt(4));
            LockDocument document = LockDocumentTest.parse(text);
            List<PluginCoordinates> entries = document.lockfile().entries();
            int index = random.nextInt(entries.size());
            LockDocument.Block block = document.blocks().get(index);

            PluginCoordinates refreshed = changed(block.entry(), random);
            String afterRefresh = document.withEntry(refreshed);
            List<PluginCoordinates> expected = new ArrayList<>(entries);
            expected.set(index, refreshed);
            assertEquals(Optional.of(expected), TomljLock.entries(afterRefresh), afterRefresh);
            assertEquals(text.substring(0, block.start()), afterRefresh.substring(0, block.start()));
            assertTrue(afterRefresh.endsWith(text.substring(block.end())), afterRefresh);

            String afterRemoval = document.without(block.entry().id()).orElseThrow();
            expected = new ArrayList<>(entries);
            expected.remove(index);
            assertEquals(Optional.of(expected), TomljLock.entries(afterRemoval), afterRemoval);
            assertTrue(afterRemoval.endsWith(text.substring(block.end())), afterRemoval);
            assertTrue(text.startsWith(afterRemoval.substring(0, afterRemoval.length() - (text.length() - block.end()))));

            PluginCoordinates added = changed(new PluginCoordinates(new PluginId("capa.contrib.added"), "a", "1", "a/a.A",
                    block.entry().hash()), random);
            String afterAppend = document.withEntry(added);
            expected = new ArrayList<>(entries);
            expected.add(added);
            assertEquals(Optional.of(expected), TomljLock.entries(afterAppend), afterAppend);
            assertTrue(afterAppend.startsWith(text));
        }
    }

    /** {@code entry} with some of its values (never its id) changed, to text that needs escaping now and then. */
    private static PluginCoordinates changed(PluginCoordinates entry, Random random) {
        String[] odd = {"x", "2.0.1", "q\"uote", "back\\slash", "caf\u00e9", "# hash", "a 'b' c", "1.0-\u03b2"};
        String packageName = random.nextBoolean() ? odd[random.nextInt(odd.length)] : entry.packageName();
        String version = random.nextBoolean() ? odd[random.nextInt(odd.length)] : entry.version();
        String entryPoint = random.nextBoolean() ? "m/m." + random.nextInt(100) : entry.entryPoint();
        DistributionHash hash = entry.hash();
        if (random.nextBoolean()) {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            hash = DistributionHash.parse("sha256:" + HexFormat.of().formatHex(digest));
        }
        return new PluginCoordinates(entry.id(), packageName, version, entryPoint, hash);
    }
}
