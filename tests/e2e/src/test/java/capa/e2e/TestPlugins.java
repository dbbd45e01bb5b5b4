package capa.e2e;

import capa.testkit.PluginJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Small plugins for the end-to-end tests, compiled from source into real JARs: one named
 * module {@code lab.<name>} with one procedure {@code lab.<name>.proc} whose configuration is
 * the record given and whose {@code run} has the body given.
 */
final class TestPlugins {

    /**
     * Writes {@code lab-<name>-<version>.jar} into {@code directory}.
     *
     * @param config the configuration record's components, such as {@code int n} (may be empty)
     * @param runBody the body of {@code run(ProcedureContext context, Config config)}
     * @param extra more members of the provider class (a static initialiser, helpers)
     */
    static Path procedure(Path directory, String name, String version, String config, String runBody,
                          String extra) {
        return procedure(directory, name, version, config, runBody, extra, "", null);
    }

    /**
     * As {@link #procedure(Path, String, String, String, String, String)}, for a module that
     * needs more than capa.api.
     *
     * @param requires more directives of the module declaration, such as {@code requires lab.util;}
     * @param library the JAR it is compiled against, or {@code null}
     */
    static Path procedure(Path directory, String name, String version, String config, String runBody,
                          String extra, String requires, Path library) {
        String module = "lab." + name;
        PluginJar jar = PluginJar.builder()
                .moduleInfo("module %1$s { requires capa.api; %2$s provides capa.api.Procedure with %1$s.Proc; }"
                        .formatted(module, requires))
                .source("lab/" + name + "/Proc.java", """
                        package %1$s;
                        import capa.api.*;
                        import java.util.List;
                        import java.util.concurrent.*;
                        @ProcedureInfo(id = "%1$s.proc", name = "Test procedure %2$s")
                        public final class Proc implements Procedure<Proc.Config> {
                            public record Config(%3$s) {}
                            %5$s
                            public CompletionStage<List<Problem>> preflight(ProcedureContext context, Config config) {
                                return CompletableFuture.completedFuture(List.of());
                            }
                            public CompletionStage<Void> run(ProcedureContext context, Config config) {
                                %4$s
                            }
                        }
                        """.formatted(module, name, config, runBody, extra))
                .moduleVersion(version);
        if (library != null) {
            jar.modulePath(library);
        }
        return jar.writeTo(directory.resolve("lab-" + name + "-" + version + ".jar"));
    }

    /** A procedure that logs one line and completes at once. */
    static Path quick(Path directory, String name, String version) {
        return procedure(directory, name, version, "", """
                context.log().info("%s ran");
                return CompletableFuture.completedFuture(null);""".formatted(name), "");
    }

    /** The same JAR with one resource more: same id and version, other bytes, other hash. */
    static Path withExtraBytes(Path jar, Path into) {
        try {
            Path copy = into.resolve(jar.getFileName());
            try (var in = new java.util.jar.JarInputStream(Files.newInputStream(jar));
                 var out = new java.util.jar.JarOutputStream(Files.newOutputStream(copy), in.getManifest())) {
                for (var entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new java.util.jar.JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
                out.putNextEntry(new java.util.jar.JarEntry("lab/NOTES.txt"));
                out.write("rebuilt with a changed resource\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A directory holding copies of these JARs, as a rig's plugin directory would. */
    static Path modules(Path directory, Path... jars) {
        try {
            Files.createDirectories(directory);
            for (Path jar : jars) {
                Files.copy(jar, directory.resolve(jar.getFileName()));
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestPlugins() {
    }
}
