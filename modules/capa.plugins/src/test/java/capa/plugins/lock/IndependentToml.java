package capa.plugins.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads lock text with Python's {@code tomllib}, a TOML 1.0 parser that shares nothing with
 * tomlj, so that what capa writes is proven to be TOML and not merely what tomlj accepts.
 */
final class IndependentToml {

    private static final String SCRIPT = """
            import json, sys, tomllib
            doc = tomllib.loads(sys.stdin.buffer.read().decode("utf-8"))
            print(json.dumps(doc["plugins"] if "plugins" in doc else []))
            """;

    private IndependentToml() {
    }

    /** The ids of the {@code [[plugins]]} entries, in order, as tomllib reads them. */
    static List<String> ids(String text) throws IOException, InterruptedException {
        String json = run(text);
        return java.util.regex.Pattern.compile("\"id\": \"([^\"]*)\"").matcher(json).results()
                .map(m -> m.group(1)).toList();
    }

    /**
     * The ids as tomllib reads the file's bytes, decoded as a Windows editor's UTF-8 is:
     * a leading byte-order mark is not text ({@code utf-8-sig}).
     */
    static List<String> ids(byte[] file) throws IOException, InterruptedException {
        String json = python(SCRIPT.replace("decode(\"utf-8\")", "decode(\"utf-8-sig\")"), file);
        return java.util.regex.Pattern.compile("\"id\": \"([^\"]*)\"").matcher(json).results()
                .map(m -> m.group(1)).toList();
    }

    /** One value of entry {@code index} (0-based), decoded by tomllib and printed raw. */
    static String value(String text, int index, String key) throws IOException, InterruptedException {
        return python("import sys, tomllib\nsys.stdout.write(tomllib.loads(sys.stdin.buffer.read()"
                + ".decode('utf-8'))['plugins'][" + index + "]['" + key + "'])", text);
    }

    /** Whether tomllib reads {@code text} as TOML at all. */
    static boolean accepts(String text) throws IOException, InterruptedException {
        return python("import sys, tomllib\ntry:\n    tomllib.loads(sys.stdin.buffer.read().decode('utf-8'))\n"
                + "    print('yes')\nexcept tomllib.TOMLDecodeError:\n    print('no')", text).strip().equals("yes");
    }

    private static String run(String text) throws IOException, InterruptedException {
        return python(SCRIPT, text);
    }

    private static String python(String script, String input) throws IOException, InterruptedException {
        return python(script, input.getBytes(StandardCharsets.UTF_8));
    }

    private static String python(String script, byte[] input) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("python3", "-c", script).start();
        } catch (IOException e) {
            throw new IOException("this test needs python3 (3.11 or newer, for tomllib) on PATH to"
                    + " check plugins.lock with a TOML parser independent of tomlj", e);
        }
        process.getOutputStream().write(input);
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("python3 tomllib refused the lock:\n" + err + "\n--- lock ---\n"
                    + new String(input, StandardCharsets.UTF_8));
        }
        return out;
    }
}
