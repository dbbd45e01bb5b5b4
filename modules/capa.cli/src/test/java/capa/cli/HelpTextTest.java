package capa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest(name = "capa {1}")
    @CsvSource({
        "capa.txt,            --help",
        "plugins.txt,         plugins --help",
        "plugins-list.txt,    plugins list --help",
        "plugins-trust.txt,   plugins trust --help",
        "plugins-untrust.txt, plugins untrust --help",
        "plugins-verify.txt,  plugins verify --help",
        "plugins-check.txt,   plugins check --help",
        "run.txt,             run --help",
        "describe.txt,        describe --help",
        "completion.txt,      completion --help"})
    void helpReadsAsBefore(String expectedFile, String commandLine) throws IOException {
        Result result = run(commandLine.split(" "));
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(Files.readString(EXPECTED.resolve(expectedFile)), result.out(), commandLine);
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
