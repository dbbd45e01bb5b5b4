package capa.runner;

import capa.base.io.AtomicReplacement;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;

/**
 * One run's directory under the runs root:
 * <pre>
 * &lt;runs-root&gt;/&lt;run-id&gt;/manifest.json   what ran, with what, from which plugin bytes, and how it ended
 * &lt;runs-root&gt;/&lt;run-id&gt;/run.log         the log and progress lines, as the operator saw them
 * &lt;runs-root&gt;/&lt;run-id&gt;/outputs/        the procedure's own outputs
 * </pre>
 * Run ids are {@code <UTC timestamp>-<6 hex>}, so that listing the runs root sorts runs by
 * start time.
 */
final class RunRecord implements AutoCloseable {

    static final String MANIFEST = "manifest.json";
    static final String LOG = "run.log";
    static final String OUTPUTS = "outputs";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String runId;
    private final Path directory;
    private final BufferedWriter log;

    private RunRecord(String runId, Path directory, BufferedWriter log) {
        this.runId = runId;
        this.directory = directory;
        this.log = log;
    }

    /** Creates a new, empty record with a fresh id. */
    static RunRecord create(Path runsRoot, Clock clock) throws IOException {
        Files.createDirectories(runsRoot);
        while (true) {
            byte[] suffix = new byte[3];
            RANDOM.nextBytes(suffix);
            String runId = Timestamps.runIdPrefix(clock) + "-" + HexFormat.of().formatHex(suffix);
            Path directory = runsRoot.resolve(runId);
            try {
                Files.createDirectory(directory);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            Files.createDirectory(directory.resolve(OUTPUTS));
            BufferedWriter log = Files.newBufferedWriter(directory.resolve(LOG), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new RunRecord(runId, directory, log);
        }
    }

    String runId() {
        return runId;
    }

    Path directory() {
        return directory;
    }

    Path outputs() {
        return directory.resolve(OUTPUTS);
    }

    void writeManifest(Map<String, Object> manifest) {
        try {
            AtomicReplacement.write(directory.resolve(MANIFEST), Json.write(manifest).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run record " + directory.resolve(MANIFEST)
                    + ": " + e.getMessage(), e);
        }
    }

    /** Appends one line to run.log; a log that cannot be written must not stop the run. */
    synchronized void logLine(String line) {
        try {
            log.write(line);
            log.newLine();
            log.flush();
        } catch (IOException e) {
            // The operator still sees the line; the manifest still records the outcome.
        }
    }

    @Override
    public synchronized void close() {
        try {
            log.close();
        } catch (IOException e) {
            // Nothing left to do with a log that cannot be closed.
        }
    }
}
