package capa.plugins;

import capa.testkit.PluginJar;
import java.nio.file.Path;

/** Sources of test plugins: real code, compiled by the testkit into real JARs. */
final class TestPlugins {

    private TestPlugins() {
    }

    /** A procedure class that honours the contract, with extra members in {@code body}. */
    static String procedure(String pkg, String cls, String annotation, String body) {
        return """
                package %1$s;
                import capa.api.*;
                import java.util.List;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.CompletionStage;
                %3$s
                public final class %2$s implements Procedure<%2$s.Config> {
                    public record Config(int n) {}
                    %4$s
                    public CompletionStage<List<Problem>> preflight(ProcedureContext c, Config k) {
                        return CompletableFuture.completedFuture(List.of());
                    }
                    public CompletionStage<Void> run(ProcedureContext c, Config k) {
                        return CompletableFuture.completedFuture(null);
                    }
                }
                """.formatted(pkg, cls, annotation, body);
    }

    static String info(String id) {
        return "@ProcedureInfo(id = \"" + id + "\", name = \"A procedure\")";
    }

    /** A named module {@code module} providing one procedure {@code pkg.cls} with {@code id}. */
    static PluginJar named(String module, String pkg, String cls, String id) {
        return PluginJar.builder()
                .moduleInfo("module " + module + " { requires capa.api; provides capa.api.Procedure with "
                        + pkg + "." + cls + "; }")
                .source(pkg.replace('.', '/') + "/" + cls + ".java", procedure(pkg, cls, info(id), ""))
                .moduleVersion("1.0.0");
    }

    /** A plain JAR listing {@code pkg.cls} in META-INF/services. */
    static PluginJar automatic(String pkg, String cls, String source) {
        return PluginJar.builder()
                .source(pkg.replace('.', '/') + "/" + cls + ".java", source)
                .service(pkg + "." + cls);
    }

    /**
     * A stand-in {@code capa.api} of another shape or version, for plugins built against an
     * older or newer API than this capa's.
     */
    static Path otherApi(String version, boolean asyncPreflight, boolean asyncRun, Path into) {
        String preflight = asyncPreflight
                ? "CompletionStage<List<Problem>> preflight(ProcedureContext c, C config);"
                : "List<Problem> preflight(ProcedureContext c, C config);";
        String run = asyncRun ? "CompletionStage<Void> run(ProcedureContext c, C config);"
                : "void run(ProcedureContext c, C config);";
        return PluginJar.builder()
                .moduleInfo("module capa.api { exports capa.api; }")
                .moduleVersion(version)
                .compiledAgainst(into.resolveSibling("nothing"))
                .source("capa/api/Procedure.java", """
                        package capa.api;
                        import java.util.List;
                        import java.util.concurrent.CompletionStage;
                        public interface Procedure<C extends Record> {
                            %s
                            %s
                        }
                        """.formatted(preflight, run))
                .source("capa/api/Problem.java", "package capa.api; public record Problem(String message) {}")
                .source("capa/api/ProcedureContext.java", "package capa.api; public interface ProcedureContext {}")
                .source("capa/api/ProcedureInfo.java", """
                        package capa.api;
                        import java.lang.annotation.*;
                        @Retention(RetentionPolicy.RUNTIME) @Target(ElementType.TYPE)
                        public @interface ProcedureInfo { String id(); String name(); String description() default ""; }
                        """)
                .writeTo(into);
    }
}
