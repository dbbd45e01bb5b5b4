package capa.e2e;

import java.nio.file.Path;
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
        Capa.Result python = new Capa.Call(Path.of("/usr/bin/env"), "python3", "-c", SCRIPT, expression)
                .input(json).run();
        if (python.exitCode() != 0) {
            throw new AssertionError("python3 could not read capa's JSON:\n" + python.err() + "\n--- json ---\n" + json);
        }
        return python.outLines();
    }
}
