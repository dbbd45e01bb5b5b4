package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.testkit.PluginJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inspection runs no plugin code: a plugin in which every class a reader could touch writes a
 * marker from its static initialiser goes through every inspecting command, in dev and in
 * production, and leaves no marker; then {@code capa run}, which does run it, leaves every one.
 */
class InspectionRunsNoPluginCodeTest {

    /** Every class with a marker, and the provider's constructor. */
    private static final Set<String> EVERY_MARKER = Set.of("Marker", "Proc", "Constructor", "Base", "Iface",
            "Config", "Level", "Mode", "Step", "Item", "Tag", "Inner");

    @TempDir
    Path dir;

    private Path markers;
    private Path modules;

    private Path markerPlugin() throws IOException {
        markers = Files.createDirectories(dir.resolve("markers"));
        modules = Files.createDirectories(dir.resolve("modules"));
        String p = "package lab.mark;\n";
        return PluginJar.builder()
                .moduleInfo("module lab.mark { requires capa.api; provides capa.api.Procedure with lab.mark.Proc; }")
                // No exception is swallowed: a marker that cannot be written fails the initialiser.
                .source("lab/mark/Marker.java", p + """
                        import java.io.*;
                        import java.nio.file.*;
                        public final class Marker {
                            static { touch("Marker"); }
                            public static String touch(String what) {
                                try {
                                    Files.writeString(Path.of("%s").resolve(what), what,
                                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                                return what;
                            }
                        }
                        """.formatted(markers.toString().replace("\\", "\\\\")))
                .source("lab/mark/Level.java", p + "public enum Level { LOW, HIGH; static { Marker.touch(\"Level\"); } }")
                .source("lab/mark/Mode.java", p + "public enum Mode { A, B; static { Marker.touch(\"Mode\"); } }")
                .source("lab/mark/Inner.java", p + """
                        import java.lang.annotation.*;
                        @Retention(RetentionPolicy.RUNTIME)
                        public @interface Inner { String MARK = Marker.touch("Inner"); Level level() default Level.HIGH; }
                        """)
                .source("lab/mark/Tag.java", p + """
                        import java.lang.annotation.*;
                        @Retention(RetentionPolicy.RUNTIME)
                        public @interface Tag {
                            String MARK = Marker.touch("Tag");
                            Level level() default Level.LOW;
                            Inner inner() default @Inner;
                            Class<?> type() default Step.class;
                        }
                        """)
                .source("lab/mark/Iface.java", p + """
                        public interface Iface { String MARK = Marker.touch("Iface"); default String hello() { return MARK; } }
                        """)
                .source("lab/mark/Base.java", p + "@Tag public abstract class Base { static { Marker.touch(\"Base\"); } }")
                .source("lab/mark/Step.java", p + "@Tag public record Step(String what) { static { Marker.touch(\"Step\"); } }")
                .source("lab/mark/Item.java", p + "@Tag public record Item(@Tag String what) { static { Marker.touch(\"Item\"); } }")
                .source("lab/mark/Config.java", p + """
                        import java.util.List;
                        @Tag(level = Level.HIGH, inner = @Inner(level = Level.LOW))
                        public record Config(@Tag Level level, Mode mode, Step step, List<Item> items) {
                            static { Marker.touch("Config"); }
                        }
                        """)
                .source("lab/mark/Proc.java", p + """
                        import capa.api.*;
                        import java.util.List;
                        import java.util.concurrent.*;
                        @ProcedureInfo(id = "lab.mark.proc", name = "Marks every class")
                        @Tag(level = Level.HIGH, inner = @Inner(level = Level.LOW), type = Item.class)
                        public final class Proc extends Base implements Procedure<Config>, Iface {
                            static { Marker.touch("Proc"); }
                            public Proc() { Marker.touch("Constructor"); }
                            public CompletionStage<List<Problem>> preflight(ProcedureContext context, Config config) {
                                return CompletableFuture.completedFuture(List.of());
                            }
                            public CompletionStage<Void> run(ProcedureContext context, Config config) {
                                context.log().info(hello() + Tag.MARK + Inner.MARK + config.items().size());
                                return CompletableFuture.completedFuture(null);
                            }
                        }
                        """)
                .moduleVersion("1.0.0")
                .writeTo(modules.resolve("lab-mark-1.0.0.jar"));
    }

    private Capa.Result capa(Map<String, String> mode, String... args) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString(),
                "HOME", dir.toString(), "CAPA_MODULES", modules.toString()));
        env.putAll(mode);
        return Capa.capa(args).in(dir).env(env).run();
    }

    private Set<String> markersLeft() throws IOException {
        try (Stream<Path> files = Files.list(markers)) {
            return new TreeSet<>(files.map(f -> f.getFileName().toString()).toList());
        }
    }

    private void assertNoMarker(Capa.Result result, int exitCode, String command) throws IOException {
        assertEquals(exitCode, result.exitCode(), command + ": " + result);
        assertEquals(Set.of(), markersLeft(), command + " ran plugin code: " + result);
    }

    @Test
    void noInspectingCommandRunsAnyOfThePluginsClassesAndRunDoes() throws IOException {
        Path jar = markerPlugin();
        Map<String, String> dev = Map.of();
        Map<String, String> production = Map.of("CAPA_PLUGIN_MODE", "production");

        assertNoMarker(capa(dev, "plugins", "list"), 0, "dev list");
        assertNoMarker(capa(dev, "plugins", "check", jar.toString()), 0, "check");
        Capa.Result describe = capa(dev, "describe", "lab.mark.proc");
        assertNoMarker(describe, 0, "dev describe");
        assertTrue(describe.out().contains("LOW|HIGH") && describe.out().contains("A|B")
                && describe.out().contains("items[].what"), describe::toString);
        assertNoMarker(capa(dev, "plugins", "trust", "lab.mark.proc", "--reason", "marker test"), 0, "trust");
        assertNoMarker(capa(dev, "plugins", "verify"), 0, "dev verify");
        assertNoMarker(capa(production, "plugins", "list"), 0, "production list");
        assertNoMarker(capa(production, "plugins", "verify"), 0, "production verify");
        Capa.Result productionDescribe = capa(production, "describe", "lab.mark.proc");
        assertNoMarker(productionDescribe, 0, "production describe");
        assertEquals(describe.out(), productionDescribe.out());
        assertNoMarker(capa(production, "run", "--procedure", "lab.mark.proc", "--describe"), 0,
                "production run --describe");
        assertNoMarker(capa(dev, "plugins", "untrust", "lab.mark.proc", "--reason", "marker test done"), 0, "untrust");

        // The control: run does run the plugin, and every marker shows that it can appear.
        Files.writeString(dir.resolve("mark.toml"), """
                procedure = "lab.mark.proc"
                [config]
                level = "LOW"
                mode = "A"
                step = { what = "x" }
                items = [ { what = "y" } ]
                """);
        Capa.Result run = capa(dev, "run", "mark.toml");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(new TreeSet<>(EVERY_MARKER), markersLeft(), run::toString);
    }
}
