package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.testkit.PluginJar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java platform the image offers plugins (docs/decisions.md, "The Java platform for
 * plugins"): a plugin that requires a Java SE module or one of the JDK modules the image
 * links resolves, and the API it uses works when the procedure runs; a plugin that requires a
 * module the image leaves out is rejected with that module's name, and the others still run.
 */
class JavaPlatformE2eTest {

    @TempDir
    Path dir;

    /**
     * One case per module: what the plugin requires (nothing for modules that only provide a
     * service: charsets, locale data, the ZIP file system) and a method {@code String probe()}
     * that uses the module's API, with the result it must give.
     */
    static Stream<Arguments> modules() {
        return Stream.of(
                Arguments.of("java.sql", "java.sql", """
                        return String.valueOf(java.sql.Date.valueOf("2026-11-29"));""", "2026-11-29"),
                Arguments.of("java.logging", "java.logging", """
                        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("lab.rig");
                        logger.setLevel(java.util.logging.Level.WARNING);
                        return logger.isLoggable(java.util.logging.Level.INFO) + " "
                                + java.util.logging.Level.parse("WARNING").intValue();""", "false 900"),
                Arguments.of("java.net.http", "java.net.http", """
                        try (var client = java.net.http.HttpClient.newHttpClient()) {
                            var request = java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create("http://127.0.0.1:1/status")).build();
                            return request.method() + " " + client.version();
                        }""", "GET HTTP_2"),
                Arguments.of("java.xml", "java.xml", """
                        var document = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                                .parse(new org.xml.sax.InputSource(new java.io.StringReader(
                                        "<reading unit='K'>293.15</reading>")));
                        var reading = document.getDocumentElement();
                        return reading.getAttribute("unit") + " " + reading.getTextContent();""", "K 293.15"),
                Arguments.of("java.desktop", "java.desktop", """
                        var frame = new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);
                        frame.setRGB(1, 1, 0x123456);
                        var png = new java.io.ByteArrayOutputStream();
                        if (!javax.imageio.ImageIO.write(frame, "png", png)) {
                            return "no PNG writer";
                        }
                        var read = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.toByteArray()));
                        return read.getWidth() + "x" + read.getHeight() + " "
                                + Integer.toHexString(read.getRGB(1, 1) & 0xffffff);""", "3x2 123456"),
                Arguments.of("jdk.unsupported", "jdk.unsupported", """
                        return new sun.misc.Signal("INT").getName();""", "INT"),
                Arguments.of("jdk.net", "jdk.net", """
                        try (var channel = java.nio.channels.SocketChannel.open()) {
                            return String.valueOf(channel.supportedOptions()
                                    .contains(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE));
                        }""", "true"),
                Arguments.of("jdk.management", "jdk.management", """
                        var os = (com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                        return String.valueOf(os.getTotalMemorySize() > 0);""", "true"),
                Arguments.of("jdk.jfr", "jdk.jfr", """
                        return String.valueOf(jdk.jfr.FlightRecorder.isAvailable());""", "true"),
                Arguments.of("jdk.charsets", null, """
                        // the units of a file written by classic Mac OS instrument software
                        byte[] macRoman = "°C µL".getBytes(java.nio.charset.Charset.forName("x-MacRoman"));
                        return java.util.HexFormat.ofDelimiter(" ").formatHex(macRoman);""", "a1 43 20 b5 4c"),
                Arguments.of("jdk.localedata", null, """
                        return String.format(java.util.Locale.GERMANY, "%.2f", 1.5);""", "1,50"),
                Arguments.of("jdk.zipfs", null, """
                        java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("zipfs");
                        java.nio.file.Path zip = folder.resolve("frames.zip");
                        try {
                            try (var fs = java.nio.file.FileSystems.newFileSystem(zip, java.util.Map.of("create", "true"))) {
                                java.nio.file.Files.writeString(fs.getPath("frame-1.txt"), "ok");
                            }
                            try (var fs = java.nio.file.FileSystems.newFileSystem(zip)) {
                                return java.nio.file.Files.readString(fs.getPath("frame-1.txt"));
                            }
                        } finally {
                            java.nio.file.Files.deleteIfExists(zip);
                            java.nio.file.Files.delete(folder);
                        }""", "ok"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void aNamedPluginThatUsesTheModuleResolvesAndRuns(String module, String requires, String probe,
                                                      String expected) {
        String name = module.replace(".", "");
        String moduleInfo = "module lab.%1$s { requires capa.api; %2$s provides capa.api.Procedure with lab.%1$s.Proc; }"
                .formatted(name, requires == null ? "" : "requires " + requires + ";");
        PluginJar.builder().moduleInfo(moduleInfo).source("lab/" + name + "/Proc.java", procedure(name, probe))
                .moduleVersion("1.0.0")
                .writeTo(dir.resolve("modules/lab-" + name + "-1.0.0.jar"));

        Capa.Result result = run("lab." + name + ".proc");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("[lab." + name + ".proc] probe: " + expected + "\n"), result::toString);
    }

    @Test
    void aPlainJarPluginUsesJavaSqlAndJavaXmlAsAnAutomaticModule() {
        PluginJar.builder().source("lab/plain/Proc.java", procedure("plain", """
                        var factory = javax.xml.stream.XMLOutputFactory.newInstance();
                        var xml = new java.io.StringWriter();
                        var writer = factory.createXMLStreamWriter(xml);
                        writer.writeEmptyElement("sample");
                        writer.writeAttribute("taken", String.valueOf(java.sql.Timestamp.valueOf("2026-11-29 12:30:00")));
                        writer.writeEndDocument();
                        writer.close();
                        return xml.toString();"""))
                .service("lab.plain.Proc")
                .writeTo(dir.resolve("modules/lab-plain-1.0.0.jar"));

        Capa.Result result = run("lab.plain.proc");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("[lab.plain.proc] probe: <sample taken=\"2026-11-29 12:30:00.0\"/>\n"),
                result::toString);
    }

    @Test
    void aPluginThatRequiresAModuleTheImageLeavesOutIsRejectedByThatModulesName() {
        PluginJar.builder()
                .moduleInfo("module lab.server { requires capa.api; requires jdk.httpserver;"
                        + " provides capa.api.Procedure with lab.server.Proc; }")
                .source("lab/server/Proc.java", procedure("server", """
                        return com.sun.net.httpserver.HttpServer.class.getName();"""))
                .moduleVersion("1.0.0")
                .writeTo(dir.resolve("modules/lab-server-1.0.0.jar"));
        PluginJar.builder()
                .moduleInfo("module lab.sql { requires capa.api; requires java.sql;"
                        + " provides capa.api.Procedure with lab.sql.Proc; }")
                .source("lab/sql/Proc.java", procedure("sql", """
                        return java.sql.JDBCType.DOUBLE.getName();"""))
                .moduleVersion("1.0.0")
                .writeTo(dir.resolve("modules/lab-sql-1.0.0.jar"));

        Capa.Result list = capa("plugins", "list", "--modules", dir.resolve("modules").toString()).run();
        assertEquals(0, list.exitCode(), list::toString);
        assertFalse(list.out().contains("\tat ") || list.err().contains("\tat "), list::toString);
        String rejection = (list.out() + list.err()).lines()
                .filter(line -> line.contains("lab-server-1.0.0.jar")).findFirst().orElse("");
        assertTrue(rejection.contains("jdk.httpserver"), list::toString);
        assertTrue(list.out().contains("lab.sql.proc"), list::toString);

        Capa.Result sql = run("lab.sql.proc");
        assertEquals(0, sql.exitCode(), sql::toString);
        assertTrue(sql.out().contains("[lab.sql.proc] probe: DOUBLE\n"), sql::toString);
    }

    @Test
    void capasOwnOutputKeepsAsciiDigitsOnARigWhoseLocaleWritesOthers() throws Exception {
        // With jdk.localedata in the image, the JDK formats numbers in Arabic or Persian digits
        // for such a locale; capa's messages, listings, records and completion script must not.
        try (var lock = new java.io.RandomAccessFile(dir.resolve("plugins.lock").toFile(), "rw")) {
            lock.setLength((4L << 20) + 1);
        }
        for (String locale : List.of("-Duser.language=ar -Duser.country=EG", "-Duser.language=fa -Duser.country=IR")) {
            Map<String, String> environment = Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString(),
                    "CAPA_JAVA_OPTS", locale);
            List<Capa.Result> results = new ArrayList<>();
            for (List<String> command : List.of(List.of("completion"), List.of("plugins", "list"),
                    List.of("plugins", "list", "--json"), List.of("plugins", "verify"),
                    List.of("describe", "capa.builtin.free_run"),
                    List.of("run", "--procedure", "capa.builtin.free_run", "--set", "duration_s=0"),
                    List.of("--version"))) {
                results.add(Capa.capa(command.toArray(String[]::new)).in(dir).env(environment).run());
            }
            assertTrue(results.get(1).out().contains("4194305 bytes, larger than the 4 MiB"), results.get(1)::toString);
            for (Capa.Result result : results) {
                String all = result.out() + result.err();
                assertTrue(all.codePoints().noneMatch(c -> c > 0x7f && Character.isDigit(c)), locale + ": " + result);
            }
        }
    }

    private Capa.Result run(String id) {
        return capa("run", "--procedure", id, "--modules", dir.resolve("modules").toString()).run();
    }

    private Capa.Call capa(String... args) {
        return Capa.capa(args).in(dir).env(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString()));
    }

    /** A procedure {@code lab.<name>.proc} whose run logs {@code probe: } and what the probe returned. */
    private static String procedure(String name, String probe) {
        return """
                package lab.%1$s;
                import capa.api.*;
                import java.util.List;
                import java.util.concurrent.*;
                @ProcedureInfo(id = "lab.%1$s.proc", name = "Platform probe %1$s")
                public final class Proc implements Procedure<Proc.Config> {
                    public record Config() {}
                    public CompletionStage<List<Problem>> preflight(ProcedureContext context, Config config) {
                        return CompletableFuture.completedFuture(List.of());
                    }
                    public CompletionStage<Void> run(ProcedureContext context, Config config) {
                        try {
                            context.log().info("probe: " + probe());
                            return CompletableFuture.completedFuture(null);
                        } catch (Exception e) {
                            return CompletableFuture.failedFuture(e);
                        }
                    }
                    private static String probe() throws Exception {
                        %2$s
                    }
                }
                """.formatted(name, probe);
    }
}
