package capa.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Builds a real plugin JAR from Java source, for tests: compiles the sources against capa's
 * {@code capa.api} with the JDK's compiler and packs the classes, resources and manifest.
 * A {@code module-info.java} among the sources makes a named module; without one the JAR is
 * an automatic module whose providers are listed with {@link #service}.
 */
public final class PluginJar {

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, byte[]> resources = new LinkedHashMap<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final List<String> services = new ArrayList<>();
    private final List<Path> extraModulePath = new ArrayList<>();
    private String moduleVersion;
    private Path apiLocation;

    private PluginJar() {
    }

    public static PluginJar builder() {
        return new PluginJar();
    }

    /** Adds a source file; {@code path} is relative, such as {@code lab/x/Foo.java}. */
    public PluginJar source(String path, String code) {
        sources.put(path, code);
        return this;
    }

    /** Adds {@code module-info.java}, which makes the JAR a named module. */
    public PluginJar moduleInfo(String code) {
        return source("module-info.java", code);
    }

    /** Lists a provider in {@code META-INF/services/capa.api.Procedure}. */
    public PluginJar service(String providerClass) {
        services.add(providerClass);
        return this;
    }

    /** Adds an entry with these bytes, as they are (class files included). */
    public PluginJar resource(String name, byte[] bytes) {
        resources.put(name, bytes);
        return this;
    }

    public PluginJar resource(String name, String text) {
        return resource(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sets a main manifest attribute, such as {@code Implementation-Version}. */
    public PluginJar manifestAttribute(String name, String value) {
        manifest.put(name, value);
        return this;
    }

    /** The version recorded in {@code module-info.class} ({@code javac --module-version}). */
    public PluginJar moduleVersion(String version) {
        this.moduleVersion = version;
        return this;
    }

    /** Compiles against this {@code capa.api} (JAR or directory) instead of the test's own. */
    public PluginJar compiledAgainst(Path capaApi) {
        this.apiLocation = capaApi;
        return this;
    }

    /** Adds a JAR or directory to the module path used for compiling. */
    public PluginJar modulePath(Path location) {
        extraModulePath.add(location);
        return this;
    }

    /** Compiles and writes the JAR, returning {@code jarFile}. The compiler's output is deleted. */
    public Path writeTo(Path jarFile) {
        Path work = null;
        try {
            work = Files.createTempDirectory("capa-testkit-");
            Path classes = work.resolve("classes");
            Files.createDirectories(classes);
            if (!sources.isEmpty()) {
                compile(classes);
            }
            Files.createDirectories(jarFile.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(jarFile);
                 JarOutputStream jar = new JarOutputStream(out, buildManifest())) {
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        put(jar, classes.relativize(file).toString().replace('\\', '/'),
                                Files.readAllBytes(file));
                    }
                }
                if (!services.isEmpty()) {
                    put(jar, "META-INF/services/capa.api.Procedure",
                            (String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                for (Map.Entry<String, byte[]> resource : resources.entrySet()) {
                    put(jar, resource.getKey(), resource.getValue());
                }
            }
            return jarFile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (work != null) {
                Trees.delete(work);
            }
        }
    }

    private Manifest buildManifest() {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> mf.getMainAttributes().put(new Attributes.Name(k), v));
        return mf;
    }

    private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }

    /**
     * Compiles the sources alone into {@code classes} (created if needed; the caller owns it,
     * typically a JUnit {@code @TempDir}) and returns it, for tests that edit class bytes.
     */
    public Path compileTo(Path classes) {
        try {
            Files.createDirectories(classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        compile(classes);
        return classes;
    }

    private void compile(Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("tests need a JDK with javac, not a bare runtime");
        }
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((path, code) -> units.add(new Source(path, code)));
        List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none",
                "-Xlint:none", "--release", String.valueOf(Runtime.version().feature())));
        List<Path> modulePath = new ArrayList<>(extraModulePath);
        modulePath.add(apiLocation != null ? apiLocation : capaApiLocation());
        String path = String.join(java.io.File.pathSeparator,
                modulePath.stream().map(Path::toString).toList());
        if (sources.containsKey("module-info.java")) {
            options.addAll(List.of("--module-path", path));
            if (moduleVersion != null) {
                options.addAll(List.of("--module-version", moduleVersion));
            }
        } else {
            options.addAll(List.of("--class-path", path));
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok = javac.getTask(null, null, diagnostics, options, null, units).call();
        if (!ok) {
            StringBuilder message = new StringBuilder("test plugin does not compile:");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                message.append('\n').append(d);
            }
            throw new IllegalStateException(message.toString());
        }
    }

    /**
     * Where the running test found {@code capa.api}: its JAR or classes directory on the
     * module path, or the {@code capa.api.location} system property.
     */
    public static Path capaApiLocation() {
        String property = System.getProperty("capa.api.location");
        if (property != null) {
            return Path.of(property);
        }
        return ModuleLayer.boot().configuration().findModule("capa.api")
                .map(m -> m.reference())
                .flatMap(ModuleReference::location)
                .map(Path::of)
                .orElseThrow(() -> new IllegalStateException(
                        "capa.api is not on the module path; set -Dcapa.api.location"));
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String path, String code) {
            super(URI.create("string:///" + path), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
