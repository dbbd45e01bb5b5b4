package capa.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A bundle's digest as plugin authors compute it the way docs/plugins-list.md tells them to: the real {@code sha256sum}
 * pipeline, the oracle for capa's own computation (docs/plugins-list.md, "Bundles").
 */
public final class BundleDigests {

    private BundleDigests() {
    }

    /**
     * What {@code cd BUNDLE && sha256sum *.jar | LC_ALL=C sort -k2 | sha256sum} prints, as
     * {@code sha256:<hex>}.
     *
     * @throws AssertionError when the pipeline fails (no JAR in the directory, no sha256sum)
     */
    public static String sha256sumPipeline(Path bundle) {
        try {
            Process process = new ProcessBuilder("bash", "-c", "sha256sum *.jar | LC_ALL=C sort -k2 | sha256sum")
                    .directory(bundle.toFile()).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new AssertionError("sha256sum failed in " + bundle + ": " + out);
            }
            return "sha256:" + out.substring(0, 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
