package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run's {@code manifest.json} as Python's {@code json} module reads it (an independent
 * parser), flattened to {@code a.b.0.c → value}: strings as they are, other leaves as JSON.
 */
record Manifest(Path directory, Map<String, String> values) {

    private static final String FLATTEN = """
            import json, sys
            def walk(prefix, value):
                if isinstance(value, dict):
                    if not value:
                        print(prefix + "\\t{}")
                    for k, v in value.items():
                        walk(prefix + "." + k if prefix else k, v)
                elif isinstance(value, list):
                    print(prefix + ".size\\t" + str(len(value)))
                    for i, v in enumerate(value):
                        walk(prefix + "." + str(i), v)
                elif isinstance(value, str):
                    print(prefix + "\\t" + value.replace("\\n", "\\\\n"))
                else:
                    print(prefix + "\\t" + json.dumps(value))
            for path in sys.argv[1:]:
                print("#manifest\t" + path)
                with open(path, encoding="utf-8") as f:
                    walk("", json.load(f))
            """;

    static Manifest read(Path runDirectory) {
        return readAll(List.of(runDirectory)).getFirst();
    }

    /** Reads the manifests of these run directories with one Python process. */
    private static List<Manifest> readAll(List<Path> runDirectories) {
        if (runDirectories.isEmpty()) {
            return List.of();
        }
        Capa.Result python = Capa.python(FLATTEN, runDirectories.stream()
                .map(d -> d.resolve("manifest.json").toString()).toArray(String[]::new));
        assertEquals(0, python.exitCode(), () -> "a manifest.json is not JSON: " + python);
        List<Manifest> manifests = new ArrayList<>();
        Map<String, String> values = null;
        for (String line : python.outLines()) {
            int tab = line.indexOf('\t');
            if (line.startsWith("#manifest\t")) {
                values = new LinkedHashMap<>();
                manifests.add(new Manifest(runDirectories.get(manifests.size()), values));
            } else {
                values.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return manifests;
    }

    /** Every run under a runs root, in run-id order (which is start order). */
    static List<Manifest> all(Path runsRoot) {
        if (!Files.isDirectory(runsRoot)) {
            return List.of();
        }
        try (Stream<Path> runs = Files.list(runsRoot)) {
            return readAll(runs.filter(Files::isDirectory).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one run under this root that no other run started. */
    static Manifest topLevel(Path runsRoot) {
        List<Manifest> top = all(runsRoot).stream().filter(m -> m.get("parent_run").equals("null")).toList();
        assertEquals(1, top.size(), () -> "top-level runs under " + runsRoot + ": " + top);
        return top.getFirst();
    }

    /** The value at this path; fails the test when there is none. */
    String get(String path) {
        String value = values.get(path);
        if (value == null) {
            throw new AssertionError("manifest " + directory + " has no " + path + ": " + values.keySet());
        }
        return value;
    }

    String status() {
        return get("status");
    }

    String runId() {
        return get("run_id");
    }
}
