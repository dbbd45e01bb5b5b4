package capa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every command's help, and the usage errors that show it, exactly as operators see them. The
 * expected texts in {@code src/test/help/} were captured from the image when the commands'
 * models were still declared with picocli annotations; the models built in code must read the
 * same, word for word and column for column.
 */
class HelpTextTest {

    private static final Path EXPECTED = Path.of("src/test/help");

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exitCode, out.toString(), err.toString());
    }

    private static void assertHelp(String expectedFile, String... args) throws IOException {
        Result result = run(args);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(Files.readString(EXPECTED.resolve(expectedFile)), result.out(), String.join(" ", args));
    }

    @Test
    void rootHelp() throws IOException {
        assertHelp("capa.txt", "--help");
    }

    @Test
    void pluginsHelp() throws IOException {
        assertHelp("plugins.txt", "plugins", "--help");
    }

    @Test
    void pluginsListHelp() throws IOException {
        assertHelp("plugins-list.txt", "plugins", "list", "--help");
    }

    @Test
    void pluginsTrustHelp() throws IOException {
        assertHelp("plugins-trust.txt", "plugins", "trust", "--help");
    }

    @Test
    void pluginsUntrustHelp() throws IOException {
        assertHelp("plugins-untrust.txt", "plugins", "untrust", "--help");
    }

    @Test
    void pluginsVerifyHelp() throws IOException {
        assertHelp("plugins-verify.txt", "plugins", "verify", "--help");
    }

    @Test
    void pluginsCheckHelp() throws IOException {
        assertHelp("plugins-check.txt", "plugins", "check", "--help");
    }

    @Test
    void runHelp() throws IOException {
        assertHelp("run.txt", "run", "--help");
    }

    @Test
    void describeHelp() throws IOException {
        assertHelp("describe.txt", "describe", "--help");
    }

    @Test
    void completionHelp() throws IOException {
        assertHelp("completion.txt", "completion", "--help");
    }

    @Test
    void trustWithoutArgumentsNamesEverythingMissingThenShowsItsHelp() throws IOException {
        Result result = run("plugins", "trust");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals(Files.readString(EXPECTED.resolve("plugins-trust-missing-everything.err.txt")), result.err());
    }

    @Test
    void checkWithoutAJarSaysSoThenShowsItsHelp() throws IOException {
        Result result = run("plugins", "check");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals(Files.readString(EXPECTED.resolve("plugins-check-missing-jar.err.txt")), result.err());
    }
}
