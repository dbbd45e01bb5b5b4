package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/capa chooses the JVM's options per command (jlink/bin/capa, docs/performance.md): a run
 * executes procedure code for hours on the JVM's defaults, every other command is a short
 * process started with the fast-start settings. Read from the flags the JVM itself reports.
 */
class LauncherOptionsE2eTest {

    private static final Map<String, String> PRINT_FLAGS = Map.of("CAPA_JAVA_OPTS", "-XX:+PrintFlagsFinal");

    @TempDir
    Path dir;

    /** A flag's value and where it came from, as {@code -XX:+PrintFlagsFinal} prints them. */
    private record Flag(String value, String origin) {
    }

    private static Flag flag(Capa.Result result, String name) {
        Matcher line = Pattern.compile("(?m)^\\s*\\S+\\s+" + name + "\\s+=\\s+(\\S+)\\s+\\{[^}]*\\}\\s+\\{([^}]*)\\}")
                .matcher(result.out());
        if (!line.find()) {
            throw new AssertionError("no flag " + name + " in " + result);
        }
        return new Flag(line.group(1), line.group(2));
    }

    @Test
    void aRunGetsTheJvmsDefaultsForJitAndMemory() {
        Capa.Result run = Capa.capa("run", "--procedure", "capa.builtin.free_run", "--set", "duration_s=0")
                .in(dir).env(PRINT_FLAGS).run();
        assertEquals(0, run.exitCode(), run::toString);
        assertAll(
                () -> assertEquals("default", flag(run, "Tier4InvocationThreshold").origin()),
                () -> assertEquals("default", flag(run, "C1UpdateMethodData").origin()),
                () -> assertEquals("default", flag(run, "UseTransparentHugePages").origin()));
    }

    @Test
    void everyOtherCommandStartsWithTheInspectionSettings() {
        for (String[] command : new String[][] {{"--version"}, {"plugins", "list"}, {"describe", "capa.builtin.free_run"}}) {
            Capa.Result result = Capa.capa(command).in(dir).env(PRINT_FLAGS).run();
            assertEquals(0, result.exitCode(), result::toString);
            assertAll(String.join(" ", command),
                    () -> assertEquals(new Flag("500000", "command line"), flag(result, "Tier4InvocationThreshold")),
                    () -> assertEquals(new Flag("false", "command line"), flag(result, "C1UpdateMethodData")),
                    () -> assertEquals("command line", flag(result, "UseTransparentHugePages").origin()));
        }
    }
}
