package capa.plugins.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The line reader is only a shortcut: wherever it answers, tomlj must read the same lock, and
 * whatever it cannot vouch for goes to tomlj, which reports problems with positions.
 */
class CanonicalLockReaderTest {

    private static final String HASH_A = LockfileReaderTest.HASH_A;
    private static final String HASH_B = LockfileReaderTest.HASH_B;
    private static final String HEADER = "# capa plugins.lock — trusted procedure plugins. Pair every change with a journal line.\n"
            + "version = 1\n";

    private static void readsAsTomlDoes(String text) {
        LockfileParser.Valid canonical = CanonicalLockReader.read(text).orElseThrow(
                () -> new AssertionError("expected the line reader to read:\n" + text));
        assertEquals(LockfileParser.parseToml(text), canonical);
    }

    private static void leftToToml(String text) {
        assertTrue(CanonicalLockReader.read(text).isEmpty(), "expected tomlj to read:\n" + text);
    }

    @Test
    void readsTheLocksCapaWritesAsTomlDoes() {
        readsAsTomlDoes(HEADER);
        readsAsTomlDoes(HEADER + "\n" + LockfileReaderTest.entry("capa.contrib.a", HASH_A));
        readsAsTomlDoes(HEADER + "\n" + LockfileReaderTest.entry("capa.contrib.a", HASH_A)
                + "\n# reviewed by the lab lead\n\n" + LockfileReaderTest.entry("capa.contrib.b", HASH_B));
        readsAsTomlDoes("version=1\n[[ plugins ]]\n  id=\"capa.contrib.a\"\npackage  =  \"capa.contrib\"\n"
                + "version = \"0.3.1\"\nentry_point = \"capa.contrib/capa.contrib.A\"\n"
                + "distribution_hash = \"" + HASH_A + "\"");
    }

    @Test
    void readsCrlfLineBreaksAsTomlDoes() {
        readsAsTomlDoes((HEADER + "\n" + LockfileReaderTest.entry("capa.contrib.a", HASH_A)).replace("\n", "\r\n"));
        readsAsTomlDoes(HEADER.replace("\n", "\r\n") + "\n" + LockfileReaderTest.entry("capa.contrib.a", HASH_A)
                .replace("package", "\r\npackage"));
    }

    @Test
    void readsALongLockAsTomlDoes() {
        String lock = HEADER + IntStream.range(0, 200)
                .mapToObj(i -> "\n" + LockfileReaderTest.entry("capa.contrib.p" + i, HASH_A))
                .collect(Collectors.joining());
        readsAsTomlDoes(lock);
        assertEquals(200, assertInstanceOf(LockfileParser.Valid.class, LockfileParser.parse(lock))
                .lockfile().entries().size());
    }

    @Test
    void leavesEverythingElseToToml() {
        String entry = LockfileReaderTest.entry("capa.contrib.a", HASH_A);
        leftToToml("");
        leftToToml(entry);
        leftToToml("version = 2\n" + entry);
        leftToToml(HEADER + entry.replace("\"0.3.1\"\n", "\"0.3.1\"\r"));
        leftToToml(HEADER + entry.replace("\n", "\r"));
        leftToToml(HEADER + entry + "\r");
        leftToToml(HEADER + entry.replace("\"capa.contrib\"", "'capa.contrib'"));
        leftToToml(HEADER + entry.replace("capa.contrib/", "capa\\u002Econtrib/"));
        leftToToml(HEADER + entry.replace("\"0.3.1\"", "\"0.3.1\" # pinned"));
        leftToToml(HEADER + entry.replace("\"0.3.1\"", "\" \""));
        leftToToml(HEADER + entry + "extra = \"x\"\n");
        leftToToml(HEADER + entry + "id = \"capa.contrib.a\"\n");
        leftToToml(HEADER + entry.replace("id = ", "# id = "));
        leftToToml(HEADER + entry + entry);
        leftToToml(HEADER + entry.replace(HASH_A, "sha256:abc"));
        leftToToml(HEADER + entry.replace("capa.contrib.a", "Not An Id"));
        leftToToml(HEADER + "plugins = []\n");
        leftToToml(HEADER + "[plugins]\n");
        leftToToml(HEADER + "\tversion = 1\n");
    }

    @Test
    void invalidLocksStillGetTomlsPositionedProblems() {
        String lock = HEADER + LockfileReaderTest.entry("capa.contrib.a", HASH_A).replace(HASH_A, "sha256:abc");
        assertInstanceOf(LockfileParser.Invalid.class, LockfileParser.parse(lock));
        assertEquals(LockfileParser.parseToml(lock), LockfileParser.parse(lock));
    }
}
