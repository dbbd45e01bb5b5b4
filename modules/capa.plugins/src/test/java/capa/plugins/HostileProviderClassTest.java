package capa.plugins;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.PluginId;
import capa.base.PluginMode;
import capa.plugins.lock.LockState;
import capa.testkit.HostileClassFiles;
import capa.testkit.PluginJar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kind "one JAR's provider class file is malformed or hostile": whatever is wrong with it,
 * the JAR is one rejection line naming its file, and a good plugin next to it still loads.
 */
class HostileProviderClassTest {

    private static final String BAD_CLASS = "lab/bad/Bad.class";
    private static final String NOT_VALID = "bad.jar: contract_check_failed: provider class lab.bad.Bad"
            + " is not a valid class file (";

    @TempDir
    static Path shared;

    @TempDir
    Path work;

    private static Path goodJar;
    private static Map<String, byte[]> javacClasses;
    private static final HostileClassFiles HOSTILE = new HostileClassFiles("lab.bad.Bad", "lab.bad.proc");

    @BeforeAll
    static void compile() throws IOException {
        goodJar = TestPlugins.named("lab.good", "lab.good", "Good", "lab.good.proc").writeTo(shared.resolve("good.jar"));
        Path classes = PluginJar.builder()
                .moduleInfo("module lab.bad { requires capa.api; provides capa.api.Procedure with lab.bad.Bad; }")
                .source("lab/bad/Bad.java", TestPlugins.procedure("lab.bad", "Bad", TestPlugins.info("lab.bad.proc"), ""))
                .compileTo(shared.resolve("classes"));
        javacClasses = Map.of("module-info.class", Files.readAllBytes(classes.resolve("module-info.class")),
                BAD_CLASS, Files.readAllBytes(classes.resolve(BAD_CLASS)),
                "lab/bad/Bad$Config.class", Files.readAllBytes(classes.resolve("lab/bad/Bad$Config.class")));
    }

    /** Discovers bad.jar, with {@code provider} as its provider class file, next to good.jar. */
    private PluginReport nextToAGoodPlugin(String name, byte[] provider, DiscoveryRequest.Use use) throws IOException {
        return nextToAGoodPlugin(name, BAD_CLASS, provider, use);
    }

    /** Discovers bad.jar, javac's classes with entry {@code changed} replaced by {@code bytes}, next to good.jar. */
    private PluginReport nextToAGoodPlugin(String name, String changed, byte[] bytes, DiscoveryRequest.Use use)
            throws IOException {
        Path modules = Files.createDirectories(work.resolve(name));
        Files.copy(goodJar, modules.resolve("good.jar"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream out = Files.newOutputStream(modules.resolve("bad.jar"));
             JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (var entry : javacClasses.entrySet()) {
                byte[] content = entry.getKey().equals(changed) ? bytes : entry.getValue();
                // Stored, not deflated: a class file of 200 000 nested annotations deflates at a
                // zip bomb's ratio, and the ZIP reader would refuse it before the class reader
                // this test is about ever saw it.
                JarEntry stored = new JarEntry(entry.getKey());
                stored.setMethod(JarEntry.STORED);
                stored.setSize(content.length);
                CRC32 crc = new CRC32();
                crc.update(content);
                stored.setCrc(crc.getValue());
                jar.putNextEntry(stored);
                jar.write(content);
                jar.closeEntry();
            }
        }
        return PluginDiscovery.discover(new DiscoveryRequest(List.of(modules), PluginMode.DEV,
                new LockState.Absent(List.of()), false, use));
    }

    private static List<String> lines(PluginReport report) {
        return report.rejected().stream().map(Rejection::line).toList();
    }

    @Test
    void everyMalformedProviderClassIsOneRejectionNamingItsFile() throws IOException {
        List<HostileClassFiles.Case> cases = HOSTILE.structural();
        assertTrue(cases.size() > 300, "the kind is covered by many cases, not a few: " + cases.size());
        List<Executable> checks = new ArrayList<>();
        int n = 0;
        for (HostileClassFiles.Case hostile : cases) {
            PluginReport report = nextToAGoodPlugin("case" + n++, hostile.bytes(), DiscoveryRequest.Use.INSPECT);
            List<String> lines = lines(report);
            checks.add(() -> {
                assertTrue(report.loaded(PluginId.parse("lab.good.proc")).isPresent(), hostile + ": " + lines);
                assertEquals(1, lines.size(), hostile + ": " + lines);
                assertTrue(lines.getFirst().startsWith(NOT_VALID) && lines.getFirst().endsWith(")")
                        && !lines.getFirst().contains("\n"), hostile + ": " + lines);
            });
        }
        assertAll(checks);
    }

    @Test
    void theUnchangedClassFileAndTheDeepestAcceptedNestingAreReadToTheirId() throws IOException {
        // The controls: what the hostile cases are made from is read, so each case fails for its one change.
        for (byte[] provider : List.of(HOSTILE.wellFormed(),
                HOSTILE.nested(HostileClassFiles.ACCEPTED_NESTING, false),
                HOSTILE.nested(HostileClassFiles.ACCEPTED_NESTING, true))) {
            PluginReport report = nextToAGoodPlugin("control" + provider.length, provider, DiscoveryRequest.Use.INSPECT);
            assertTrue(report.loaded(PluginId.parse("lab.good.proc")).isPresent(), report::toString);
            assertEquals(List.of("lab.bad.proc: contract_check_failed: lab.bad.Bad does not implement capa.api.Procedure"),
                    lines(report));
        }
        PluginReport javac = nextToAGoodPlugin("javac", javacClasses.get(BAD_CLASS), DiscoveryRequest.Use.INSPECT);
        assertEquals(List.of(), lines(javac));
        assertTrue(javac.loaded(PluginId.parse("lab.bad.proc")).isPresent(), javac::toString);
    }

    @Test
    void randomByteChangesOfARealProviderNeverTakeTheGoodPluginDown() throws IOException {
        long seed = System.nanoTime();
        System.out.println("HostileProviderClassTest seed " + seed);
        int n = 0;
        for (HostileClassFiles.Case hostile : HostileClassFiles.randomBytes(javacClasses.get(BAD_CLASS), seed, 80)) {
            // RUN keeps every entry, so a mutant that passes the annotation is defined and checked too.
            PluginReport report = nextToAGoodPlugin("random" + n++, hostile.bytes(), DiscoveryRequest.Use.RUN);
            List<String> lines = lines(report);
            assertTrue(report.loaded(PluginId.parse("lab.good.proc")).isPresent(), hostile + ": " + lines);
            assertTrue(lines.size() <= 1, hostile + ": " + lines);
            lines.forEach(line -> assertFalse(line.contains("\n") || line.contains("lab.good"), hostile + ": " + line));
        }
    }

    @Test
    void randomByteChangesOfTheModuleDescriptorNeverTakeTheGoodPluginDown() throws IOException {
        long seed = System.nanoTime();
        System.out.println("HostileProviderClassTest module-info seed " + seed);
        int n = 0;
        for (HostileClassFiles.Case hostile : HostileClassFiles.randomBytes(javacClasses.get("module-info.class"), seed, 80)) {
            PluginReport report = nextToAGoodPlugin("descriptor" + n++, "module-info.class", hostile.bytes(),
                    DiscoveryRequest.Use.RUN);
            List<String> lines = lines(report);
            assertTrue(report.loaded(PluginId.parse("lab.good.proc")).isPresent(), hostile + ": " + lines);
            assertTrue(lines.size() <= 1, hostile + ": " + lines);
            lines.forEach(line -> assertFalse(line.contains("\n") || line.contains("lab.good"), hostile + ": " + line));
        }
    }
}
