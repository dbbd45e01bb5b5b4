package capa.plugins;

import capa.base.PluginId;
import static capa.plugins.TestBundles.automaticLibrary;
import static capa.plugins.TestBundles.bundle;
import static capa.plugins.TestBundles.namedLibrary;
import static capa.plugins.TestBundles.pluginUsing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.testkit.BundleDigests;
import capa.testkit.PluginJar;
import capa.testkit.Seed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a bundle is refused: one line naming the bundle (and the JAR and module at
 * fault), while a single-JAR plugin beside it loads as if the bundle were not there.
 */
class BundleRejectionTest {

    static final PluginId SPECTRO = PluginId.parse("lab.spectro.measure");
    static final PluginId GOOD = PluginId.parse("lab.good.procedure");

    @TempDir
    static Path jars;

    static Path utilV1;
    static Path utilV2;
    static Path csv;
    static Path spectro;
    static Path good;
    static Path splitOne;
    static Path splitTwo;
    static Path apiCopy;
    static Path capaModule;
    static Path javaModule;

    @TempDir
    Path work;

    @BeforeAll
    static void buildJars() {
        utilV1 = namedLibrary("lab.util", "lab.util", "1.0", jars.resolve("v1/lab-util-1.0.jar"));
        utilV2 = namedLibrary("lab.util", "lab.util", "2.0", jars.resolve("v2/lab-util-2.0.jar"));
        csv = automaticLibrary("lab.csv", "3.1", jars.resolve("auto/lab-csv-3.1.jar"));
        spectro = pluginUsing("lab.spectro", SPECTRO.value(), "lab.util", "lab.util", utilV1,
                jars.resolve("plugins/lab-spectro.jar"));
        good = TestPlugins.named("lab.good", "lab.good", "Good", GOOD.value()).writeTo(jars.resolve("single/good.jar"));
        splitOne = automaticLibrary("lab.shared", "1", jars.resolve("split/lab-one.jar"));
        splitTwo = PluginJar.builder().source("lab/shared/Other.java", "package lab.shared; public class Other {}")
                .writeTo(jars.resolve("split/lab-two.jar"));
        apiCopy = PluginJar.builder().source("capa/api/Copy.java", "package capa.api; public class Copy {}")
                .writeTo(jars.resolve("api/api-copy.jar"));
        capaModule = automaticLibrary("lab.fake", "1", jars.resolve("capa/capa.runner.jar"));
        javaModule = automaticLibrary("lab.fake", "1", jars.resolve("java/java.sql.jar"));
    }

    private interface Setup {
        void into(Path bundle) throws IOException;
    }

    private static Setup copies(Path... files) {
        return bundle -> {
            Files.createDirectories(bundle);
            for (Path file : files) {
                Files.copy(file, bundle.resolve(file.getFileName().toString()));
            }
        };
    }

    /** The one line each broken bundle {@code b} gets, by how it is broken. */
    static Map<String, Map.Entry<Setup, String>> cases() {
        Map<String, Map.Entry<Setup, String>> cases = new LinkedHashMap<>();
        cases.put("empty", Map.entry(Files::createDirectories, "b: a directory with no JAR: a plugin bundle holds the"
                + " plugin's JAR and its libraries' JARs directly in it; add them, or remove the directory"));
        cases.put("no JAR, only a README", Map.entry(b -> {
            Files.createDirectories(b);
            Files.writeString(b.resolve("README.txt"), "spectro");
        }, "b: a directory with no JAR: a plugin bundle holds the plugin's JAR and its libraries' JARs directly in"
                + " it; add them, or remove the directory"));
        cases.put("missing library", Map.entry(copies(spectro), "b/lab-spectro.jar: module lab.spectro requires"
                + " lab.util, which no JAR of the bundle provides and this capa image does not either: add lab.util's"
                + " JAR to the bundle"));
        cases.put("library in a subdirectory", Map.entry(b -> {
            copies(spectro).into(b);
            copies(utilV1).into(b.resolve("lib"));
        }, "b/lab-spectro.jar: module lab.spectro requires lab.util, which no JAR of the bundle provides and this"
                + " capa image does not either: add lab.util's JAR to the bundle"));
        cases.put("bundled capa.api", Map.entry(copies(spectro, utilV1, apiCopy), "b/api-copy.jar: module api.copy"
                + " bundles its own copy of capa.api; depend on capa-api as provided, never package it"));
        cases.put("one of capa's modules", Map.entry(copies(spectro, utilV1, capaModule), "b/capa.runner.jar: module"
                + " capa.runner is one of capa's own modules, which a bundle cannot replace: remove this JAR"));
        cases.put("a JDK module", Map.entry(copies(spectro, utilV1, javaModule), "b/java.sql.jar: module java.sql"
                + " belongs to the Java platform, which a bundle cannot replace: remove this JAR"));
        cases.put("a package named java.*", Map.entry(b -> {
            copies(spectro, utilV1).into(b);
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(b.resolve("lab-patch-1.0.jar")))) {
                zip.putNextEntry(new ZipEntry("java/util/Patched.class"));
                zip.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
                zip.closeEntry();
            }
        }, "b: module does not resolve: module lab.patch contains package java.util, but packages named java.* belong"
                + " to the Java platform: no plugin or library may define one"));
        cases.put("split package", Map.entry(copies(spectro, utilV1, splitOne, splitTwo), "b/lab-two.jar: package"
                + " lab.shared of module lab.two is also in lab-one.jar (module lab.one): a package must come from one"
                + " JAR of the bundle (split package); remove one of them"));
        cases.put("two JARs of one module", Map.entry(copies(spectro, utilV1, utilV2), "b/lab-util-2.0.jar: module"
                + " lab.util is also in lab-util-1.0.jar: a bundle holds one JAR per module; keep one of them"));
        cases.put("no procedure", Map.entry(copies(utilV1, csv), "b: no JAR of the bundle provides a procedure"
                + " (capa.api.Procedure): add the plugin's JAR"));
        cases.put("not a JAR", Map.entry(b -> {
            copies(spectro, utilV1).into(b);
            Files.writeString(b.resolve("broken.jar"), "not a zip");
        }, "b/broken.jar: not a valid JAR ("));
        cases.put("a directory named *.jar", Map.entry(b -> {
            copies(spectro, utilV1).into(b);
            Files.createDirectories(b.resolve("unpacked.jar"));
        }, "b/unpacked.jar: cannot be read: a directory, not a JAR file"));
        cases.put("a name sha256sum escapes", Map.entry(b -> {
            copies(spectro).into(b);
            Files.copy(utilV1, b.resolve("lab\\util.jar"));
        }, "b/lab\\util.jar: a backslash or control character in a bundle's file name, which sha256sum would print"
                + " escaped, so the bundle's digest could not be checked with it: rename the JAR"));
        cases.put("more JARs than the limit", Map.entry(b -> {
            copies(spectro, utilV1).into(b);
            tinyAutomaticJars(b, PluginBundle.MAX_JARS - 1);
        }, "b: more than " + PluginBundle.MAX_JARS + " JARs, capa's limit for a bundle (each JAR is a module of the"
                + " bundle's one layer): keep only the libraries the plugin needs, or merge them into fewer JARs"));
        cases.put("more packages than the limit", Map.entry(b -> {
            copies(spectro, utilV1).into(b);
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(b.resolve("lib-wide.jar")))) {
                for (int i = 0; i < BundleExaminer.MAX_PACKAGES; i++) {
                    zip.putNextEntry(new ZipEntry("p" + i + "/A.class"));
                    zip.closeEntry();
                }
            }
        }, "b/lib-wide.jar: the bundle's JARs up to this one hold more than " + BundleExaminer.MAX_PACKAGES
                + " packages, capa's limit for a bundle (defining its layer costs its modules times its packages):"
                + " keep only the libraries the plugin needs"));
        return cases;
    }

    /** {@code count} JARs of one entry each, {@code p<i>/A.class}: automatic modules that read every other module. */
    static void tinyAutomaticJars(Path bundle, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bundle.resolve("lib" + i + ".jar")))) {
                zip.putNextEntry(new ZipEntry("p" + i + "/A.class"));
                zip.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
                zip.closeEntry();
            }
        }
    }

    @Test
    void aBundleOfExactlyTheLimitOfAutomaticModulesLoads() throws IOException {
        Path modules = Files.createDirectories(work.resolve("at-limit"));
        Files.copy(good, modules.resolve("good.jar"));
        Path bundle = modules.resolve("b");
        copies(spectro, utilV1).into(bundle);
        tinyAutomaticJars(bundle, PluginBundle.MAX_JARS - 2);
        PluginReport report = BundleTest.dev(modules);
        assertEquals(List.of(), BundleTest.lines(report));
        assertEquals(List.of(GOOD.value(), SPECTRO.value()),
                report.loaded().stream().map(p -> p.description().id().value()).sorted().toList());
    }

    @Test
    void eachBrokenBundleIsOneLineAndTheSingleJarBesideItLoads() throws IOException {
        for (Map.Entry<String, Map.Entry<Setup, String>> c : cases().entrySet()) {
            Path modules = Files.createDirectories(work.resolve(c.getKey().replace(' ', '-').replace('*', '_')));
            Files.copy(good, modules.resolve("good.jar"));
            c.getValue().getKey().into(modules.resolve("b"));
            PluginReport report = BundleTest.dev(modules);
            List<String> lines = BundleTest.lines(report);
            assertEquals(1, lines.size(), c.getKey() + ": " + lines);
            assertTrue(lines.get(0).startsWith(c.getValue().getValue()), c.getKey() + ": " + lines);
            assertEquals(List.of(GOOD), report.loaded().stream().map(p -> p.description().id()).toList(), c.getKey());
        }
    }

    /** One mutation of a good bundle ({@code lab-spectro.jar} and {@code lab-util-1.0.jar}). */
    private record Mutation(String name, Setup apply) {
    }

    private static List<Mutation> mutations() {
        return List.of(
                new Mutation("missing library", b -> Files.delete(b.resolve("lab-util-1.0.jar"))),
                new Mutation("extra library", copies(csv)),
                new Mutation("duplicate module", copies(utilV2)),
                new Mutation("split package", copies(splitOne, splitTwo)),
                new Mutation("bundled capa.api", copies(apiCopy)),
                new Mutation("renamed library", b -> {
                    if (Files.exists(b.resolve("lab-util-1.0.jar"))) {
                        Files.move(b.resolve("lab-util-1.0.jar"), b.resolve("util renamed é.jar"));
                    }
                }),
                new Mutation("hidden JAR", b -> Files.writeString(b.resolve(".partial.jar"), "half a download")),
                new Mutation("a README", b -> Files.writeString(b.resolve("README.md"), "# spectro")),
                new Mutation("a subdirectory", b -> copies(utilV2).into(b.resolve("old"))),
                new Mutation("no plugin", b -> Files.delete(b.resolve("lab-spectro.jar"))));
    }

    /**
     * Whether the JARs directly in {@code bundle} cannot load as the spectro plugin: its JAR
     * missing, not exactly one copy of lab.util, a split package or a copy of capa.api.
     */
    private static boolean brokenBundle(Path bundle) throws IOException {
        int plugin = 0;
        int util = 0;
        int split = 0;
        int api = 0;
        try (var files = Files.list(bundle)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> f.getFileName().toString().endsWith(".jar")).toList()) {
                plugin += same(file, spectro);
                util += same(file, utilV1) + same(file, utilV2);
                split += same(file, splitOne) + same(file, splitTwo);
                api += same(file, apiCopy);
            }
        }
        return plugin != 1 || util != 1 || split > 1 || api > 0;
    }

    private static int same(Path a, Path b) throws IOException {
        return Files.mismatch(a, b) == -1 ? 1 : 0;
    }

    @Test
    void anyMixOfBreakagesIsOneLineForTheBundleAndHarmsNoOtherPlugin() throws IOException {
        Random random = new Random(Seed.of("anyMixOfBreakagesIsOneLineForTheBundleAndHarmsNoOtherPlugin"));
        List<Mutation> all = mutations();
        for (int i = 0; i < 40; i++) {
            Path modules = Files.createDirectories(work.resolve("rig-" + i));
            Files.copy(good, modules.resolve("good.jar"));
            Path bundle = bundle(modules.resolve("spectro bundle " + i), List.of(spectro, utilV1));
            List<String> applied = new ArrayList<>();
            for (Mutation mutation : all) {
                if (random.nextInt(4) == 0) {
                    mutation.apply().into(bundle);
                    applied.add(mutation.name());
                }
            }
            boolean breaks = brokenBundle(bundle);
            PluginReport report = BundleTest.dev(modules);
            List<String> lines = BundleTest.lines(report);
            String what = applied + ": " + lines;
            assertTrue(report.loaded(GOOD).isPresent(), what);
            if (breaks) {
                assertEquals(1, lines.size(), what);
                String subject = bundle.getFileName().toString();
                Predicate<String> namesTheBundle = l -> l.startsWith(subject + ": ") || l.startsWith(subject + "/");
                assertTrue(namesTheBundle.test(lines.get(0)), what);
                assertTrue(report.loaded(SPECTRO).isEmpty(), what);
            } else {
                assertEquals(List.of(), lines, what);
                assertEquals(BundleDigests.sha256sumPipeline(bundle),
                        report.loaded(SPECTRO).orElseThrow().description().hash().toString(), what);
            }
        }
    }
}
