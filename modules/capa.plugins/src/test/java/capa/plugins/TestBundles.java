package capa.plugins;

import capa.testkit.PluginJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Real library and plugin JARs for bundle tests, compiled by the testkit: a library whose
 * {@code Version.get()} says which copy it is, and a plugin whose preflight reports it.
 */
final class TestBundles {

    private TestBundles() {
    }

    /** The library's class: {@code <pkg>.Version.get()} returns {@code version}. */
    private static String versionClass(String pkg, String version) {
        return "package " + pkg + "; public final class Version { public static String get() { return \""
                + version + "\"; } }";
    }

    /** A named library module {@code module}, exporting {@code pkg}, at module version {@code version}. */
    static Path namedLibrary(String module, String pkg, String version, Path jar) {
        return PluginJar.builder()
                .moduleInfo("module " + module + " { exports " + pkg + "; }")
                .source(pkg.replace('.', '/') + "/Version.java", versionClass(pkg, version))
                .moduleVersion(version)
                .writeTo(jar);
    }

    /** A plain JAR (an automatic module named after {@code jar}'s file name) holding {@code pkg.Version}. */
    static Path automaticLibrary(String pkg, String version, Path jar) {
        return PluginJar.builder()
                .source(pkg.replace('.', '/') + "/Version.java", versionClass(pkg, version))
                .writeTo(jar);
    }

    /**
     * A named plugin module {@code module} (version 1.0.0) providing procedure {@code id},
     * which {@code requires} the library module {@code library} found at {@code libraryJar}
     * and whose preflight warns with {@code <libraryPackage>.Version.get()}.
     */
    static Path pluginUsing(String module, String id, String library, String libraryPackage, Path libraryJar,
                            Path jar) {
        String pkg = module;
        String procedure = TestPlugins.procedure(pkg, "Uses", TestPlugins.info(id), "")
                .replace("return CompletableFuture.completedFuture(List.of());",
                        "return CompletableFuture.completedFuture(List.of(Problem.warning("
                                + libraryPackage + ".Version.get())));");
        return PluginJar.builder()
                .moduleInfo("module " + module + " { requires capa.api; requires " + library
                        + "; provides capa.api.Procedure with " + pkg + ".Uses; }")
                .source(pkg.replace('.', '/') + "/Uses.java", procedure)
                .modulePath(libraryJar)
                .moduleVersion("1.0.0")
                .writeTo(jar);
    }

    /** Copies {@code jars} into a new bundle directory {@code bundle}, returning it. */
    static Path bundle(Path bundle, List<Path> jars) {
        try {
            Files.createDirectories(bundle);
            for (Path jar : jars) {
                Files.copy(jar, bundle.resolve(jar.getFileName().toString()));
            }
            return bundle;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
