package capa.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads capa's JSON with Python's {@code json} module, a parser that shares nothing with capa's
 * writer. Strict: anything on stdout besides one JSON document fails the parse.
 */
final class IndependentJson {

    private static final String SCRIPT = """
            import json, sys
            d = json.loads(sys.stdin.buffer.read().decode("utf-8"))
            for x in eval(sys.argv[1]):
                print(x)
            """;

    private IndependentJson() {
    }

    /**
     * Evaluates a Python expression over the parsed document {@code d} that yields strings, and
     * returns them, for example {@code [p["id"] for p in d["loaded"]]}.
     */
    static List<String> eval(String json, String expression) {
        Process process;
        try {
            process = new ProcessBuilder("python3", "-c", SCRIPT, expression).start();
        } catch (IOException e) {
            throw new AssertionError("this test needs python3 on PATH to parse capa's JSON independently", e);
        }
        try {
            process.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new AssertionError("python3 could not read capa's JSON:\n" + err + "\n--- json ---\n" + json);
            }
            return out.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
