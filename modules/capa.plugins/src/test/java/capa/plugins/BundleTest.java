package capa.plugins;

import capa.base.PluginId;
import capa.base.PluginMode;
import capa.base.DistributionHash;
import static capa.plugins.TestBundles.automaticLibrary;
import static capa.plugins.TestBundles.bundle;
import static capa.plugins.TestBundles.namedLibrary;
import static capa.plugins.TestBundles.pluginUsing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.api.Problem;
import capa.api.Procedure;
import capa.base.PluginCoordinates;
import capa.plugins.lock.LockState;
import capa.plugins.lock.Lockfile;
import capa.testkit.BundleDigests;
import capa.testkit.PluginJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin bundles: one layer of the plugin's and its libraries' JARs, one digest, one line per refusal. */
class BundleTest {

    static final PluginId SPECTRO = PluginId.parse("lab.spectro.measure");
    static final PluginId OTHER = PluginId.parse("lab.other.measure");
    static final PluginId WRITER = PluginId.parse("lab.writer.write");
    static final PluginId GOOD = PluginId.parse("lab.good.procedure");

    @TempDir
    static Path jars;

    static Path utilV1;
    static Path utilV2;
    static Path csv;
    static Path spectro;
    static Path other;
    static Path writer;
    static Path good;

    @TempDir
    Path modules;

    @TempDir
    Path work;

    @BeforeAll
    static void buildJars() {
        utilV1 = namedLibrary("lab.util", "lab.util", "1.0", jars.resolve("v1/lab-util-1.0.jar"));
        utilV2 = namedLibrary("lab.util", "lab.util", "2.0", jars.resolve("v2/lab-util-2.0.jar"));
        csv = automaticLibrary("lab.csv", "3.1", jars.resolve("auto/lab-csv-3.1.jar"));
        spectro = pluginUsing("lab.spectro", SPECTRO.value(), "lab.util", "lab.util", utilV1,
                jars.resolve("plugins/lab-spectro.jar"));
        other = pluginUsing("lab.other", OTHER.value(), "lab.util", "lab.util", utilV2,
                jars.resolve("plugins/lab-other.jar"));
        writer = pluginUsing("lab.writer", WRITER.value(), "lab.csv", "lab.csv", csv,
                jars.resolve("plugins/lab-writer.jar"));
        good = TestPlugins.named("lab.good", "lab.good", "Good", GOOD.value()).writeTo(jars.resolve("single/good.jar"));
    }

    static PluginReport discover(Path directory, PluginMode mode, LockState lock, DiscoveryRequest.Use use) {
        return PluginDiscovery.discover(new DiscoveryRequest(List.of(directory), mode, lock, false, use));
    }

    static PluginReport dev(Path directory) {
        return discover(directory, PluginMode.DEV, new LockState.Absent(List.of()), DiscoveryRequest.Use.INSPECT);
    }

    static List<String> lines(PluginReport report) {
        return report.rejected().stream().map(Rejection::line).toList();
    }

    /** What the procedure's preflight reports: the version of the library its layer resolved. */
    @SuppressWarnings("unchecked")
    static String libraryVersionSeenBy(LoadedPlugin plugin) throws ReflectiveOperationException {
        plugin.exportConfigurationTo(BundleTest.class.getModule());
        Procedure<Record> procedure = (Procedure<Record>) plugin.newInstance();
        Record config = (Record) plugin.configType().getConstructors()[0].newInstance(1);
        List<Problem> problems = procedure.preflight(null, config).toCompletableFuture().join();
        return problems.get(0).message();
    }

    @Test
    void aBundleIsOnePluginWithItsProvidersModuleAndOneDigestOfAllItsJars() throws IOException {
        Path lab = bundle(modules.resolve("lab-spectro"), List.of(spectro, utilV1));
        PluginReport report = dev(modules);
        assertEquals(List.of(), lines(report));
        PluginDescription d = report.loaded(SPECTRO).orElseThrow().description();
        assertEquals("lab.spectro", d.packageName());
        assertEquals("1.0.0", d.version());
        assertEquals("lab.spectro/lab.spectro.Uses", d.entryPoint());
        assertEquals(BundleDigests.sha256sumPipeline(lab), d.hash().toString());
        assertEquals(1, report.loaded().size());
    }

    @Test
    void anAutomaticModuleLibraryIsResolvedWithThePlugin() throws Exception {
        bundle(modules.resolve("writer"), List.of(writer, csv));
        PluginReport report = discover(modules, PluginMode.DEV, new LockState.Absent(List.of()), DiscoveryRequest.Use.RUN);
        assertEquals(List.of(), lines(report));
        assertEquals("3.1", libraryVersionSeenBy(report.loaded(WRITER).orElseThrow()));
    }

    @Test
    void twoBundlesWithTwoVersionsOfOneLibraryEachRunTheirOwn() throws Exception {
        bundle(modules.resolve("spectro"), List.of(spectro, utilV1));
        bundle(modules.resolve("other"), List.of(other, utilV2));
        good(modules);
        PluginReport report = discover(modules, PluginMode.DEV, new LockState.Absent(List.of()), DiscoveryRequest.Use.RUN);
        assertEquals(List.of(), lines(report));
        assertEquals("1.0", libraryVersionSeenBy(report.loaded(SPECTRO).orElseThrow()));
        assertEquals("2.0", libraryVersionSeenBy(report.loaded(OTHER).orElseThrow()));
        assertTrue(report.loaded(GOOD).isPresent());
    }

    @Test
    void eachLibraryIsVisibleToItsBundleAlone() throws Exception {
        // lab.other requires lab.util but its bundle lacks it: another bundle's copy is no help.
        bundle(modules.resolve("spectro"), List.of(spectro, utilV1));
        bundle(modules.resolve("other"), List.of(other));
        PluginReport report = dev(modules);
        assertTrue(report.loaded(SPECTRO).isPresent());
        assertEquals(List.of("other/lab-other.jar: module lab.other requires lab.util, which no JAR of the bundle"
                + " provides and this capa image does not either: add lab.util's JAR to the bundle"), lines(report));
    }

    @Test
    void aSingleJarPluginStillLoadsBesideBundlesAndHiddenDirectoriesAreNoPlugins() throws IOException {
        good(modules);
        Files.createDirectories(modules.resolve(".git/objects"));
        bundle(modules.resolve(".cache"), List.of(spectro));
        PluginReport report = dev(modules);
        assertEquals(List.of(), lines(report));
        assertEquals(List.of(GOOD), report.loaded().stream().map(p -> p.description().id()).toList());
    }

    private static void good(Path directory) throws IOException {
        Files.copy(good, directory.resolve("good.jar"));
    }

    @Test
    void aRequirementOnAJavaPlatformModuleTheImageLacksIsNamedForBundlesAndSingleJars() throws IOException {
        // jdk.capatest stands for a JDK module this image does not hold (the test's JVM may hold them all).
        Path platform = namedLibrary("jdk.capatest", "jdk.capatest", "1", work.resolve("jdk-capatest.jar"));
        for (String module : List.of("lab.shell", "lab.bundled")) {
            PluginJar.builder()
                    .moduleInfo("module " + module + " { requires capa.api; requires jdk.capatest;"
                            + " provides capa.api.Procedure with " + module + ".Shell; }")
                    .source(module.replace('.', '/') + "/Shell.java", TestPlugins.procedure(module, "Shell",
                            TestPlugins.info(module + ".proc"), ""))
                    .modulePath(platform).moduleVersion("1.0.0")
                    .writeTo(module.equals("lab.shell") ? modules.resolve("shell.jar") : modules.resolve("shell-bundle/shell.jar"));
        }
        Files.copy(utilV1, modules.resolve("shell-bundle/lab-util-1.0.jar"));
        String lacks = " requires jdk.capatest, which this capa image does not provide:"
                + " use only the Java modules the image holds (its bin/java --list-modules)";
        assertEquals(List.of("shell-bundle/shell.jar: module lab.bundled" + lacks, "shell.jar: module lab.shell" + lacks),
                lines(dev(modules)));

        // Nor can a bundle bring the platform module itself.
        Files.delete(modules.resolve("shell.jar"));
        Files.copy(platform, modules.resolve("shell-bundle/jdk-capatest.jar"));
        assertEquals(List.of("shell-bundle/jdk-capatest.jar: module jdk.capatest belongs to the Java platform,"
                + " which a bundle cannot replace: remove this JAR"), lines(dev(modules)));
    }

    @Test
    void productionLoadsATrustedBundleAndRefusesItOnceALibraryIsSwapped() throws IOException {
        Path lab = bundle(modules.resolve("lab-spectro"), List.of(spectro, utilV1));
        LockState lock = new LockState.Loaded(work.resolve("plugins.lock"), new Lockfile(1, List.of(new PluginCoordinates(
                SPECTRO, "lab.spectro", "1.0.0", "lab.spectro/lab.spectro.Uses", DistributionHash.parse(BundleDigests.sha256sumPipeline(lab))))));
        PluginReport trusted = discover(modules, PluginMode.PRODUCTION, lock, DiscoveryRequest.Use.INSPECT);
        assertEquals(List.of(), lines(trusted));
        assertTrue(trusted.loaded(SPECTRO).isPresent());

        // The same module name, another build of the library, under the trusted file name.
        Files.copy(utilV2, lab.resolve("lab-util-1.0.jar"), StandardCopyOption.REPLACE_EXISTING);
        PluginReport swapped = discover(modules, PluginMode.PRODUCTION, lock, DiscoveryRequest.Use.INSPECT);
        assertEquals(List.of("lab.spectro.measure: HASH_MISMATCH"), lines(swapped));
        assertTrue(swapped.loaded().isEmpty());
    }

    @Test
    void nothingOfAGatedBundleIsDefined() throws IOException {
        // Dev mode shows that this bundle's layer, once defined, fails: production must never get there.
        Path needy = bundle(modules.resolve("needy"), List.of(other));
        assertEquals(List.of("needy/lab-other.jar: module lab.other requires lab.util, which no JAR of the bundle"
                + " provides and this capa image does not either: add lab.util's JAR to the bundle"), lines(dev(modules)));
        LockState empty = new LockState.Loaded(work.resolve("plugins.lock"), new Lockfile(1, List.of()));
        assertEquals(List.of("lab.other.measure: MISSING_FROM_LOCK"),
                lines(discover(modules, PluginMode.PRODUCTION, empty, DiscoveryRequest.Use.RUN)));
        LockState other = new LockState.Loaded(work.resolve("plugins.lock"), new Lockfile(1, List.of(new PluginCoordinates(
                OTHER, "lab.other", "1.0.0", "lab.other/lab.other.Uses", DistributionHash.parse(GatingTest.OTHER_HASH)))));
        assertEquals(List.of("lab.other.measure: HASH_MISMATCH"),
                lines(discover(modules, PluginMode.PRODUCTION, other, DiscoveryRequest.Use.RUN)));
        assertTrue(Files.isDirectory(needy));
    }

    @Test
    void aDigestChangesWhenAnyJarIsAddedRemovedRenamedOrChanged() throws IOException {
        Path lab = bundle(modules.resolve("lab"), List.of(spectro, utilV1));
        String base = digest(lab);
        Files.copy(csv, lab.resolve("lab-csv-3.1.jar"));
        String added = digest(lab);
        Files.delete(lab.resolve("lab-csv-3.1.jar"));
        assertEquals(base, digest(lab));
        Files.move(lab.resolve("lab-util-1.0.jar"), lab.resolve("lab-util.jar"));
        String renamed = digest(lab);
        Files.copy(utilV2, lab.resolve("lab-util.jar"), StandardCopyOption.REPLACE_EXISTING);
        String changed = digest(lab);
        assertEquals(4, java.util.Set.of(base, added, renamed, changed).size());
        // Removing a library changes it too (and the bundle no longer resolves).
        Files.delete(lab.resolve("lab-util.jar"));
        assertFalse(List.of(base, added, renamed, changed).contains(BundleDigests.sha256sumPipeline(lab)));
    }

    private static String digest(Path bundle) {
        PluginReport report = dev(bundle.getParent());
        assertEquals(List.of(), lines(report));
        String digest = report.loaded(SPECTRO).orElseThrow().description().hash().toString();
        assertEquals(BundleDigests.sha256sumPipeline(bundle), digest);
        return digest;
    }

    @Test
    void aLibrarysResourcesAndClassesComeFromTheBytesThatWereHashedEvenAfterASwapOnDisk() throws Exception {
        String reader = "package lab.res; public final class Version { public static String get() {"
                + " try (var in = Version.class.getResourceAsStream(\"version.txt\")) {"
                + " return new String(in.readAllBytes()); } catch (java.io.IOException e) {"
                + " throw new java.io.UncheckedIOException(e); } } }";
        PluginJar library = PluginJar.builder().moduleInfo("module lab.res { exports lab.res; }")
                .source("lab/res/Version.java", reader);
        Path hashed = library.resource("lab/res/version.txt", "hashed").writeTo(work.resolve("hashed/lab-res.jar"));
        Path swap = library.resource("lab/res/version.txt", "swapped").writeTo(work.resolve("swap/lab-res.jar"));
        Path plugin = pluginUsing("lab.reader", "lab.reader.read", "lab.res", "lab.res", hashed,
                work.resolve("plugin/lab-reader.jar"));
        Path lab = bundle(modules.resolve("reader"), List.of(plugin, hashed));
        PluginReport report = discover(modules, PluginMode.DEV, new LockState.Absent(List.of()), DiscoveryRequest.Use.RUN);
        LoadedPlugin loaded = report.loaded(PluginId.parse("lab.reader.read")).orElseThrow();
        // Neither Version nor its resource has been read yet: the swap must not reach them.
        Files.copy(swap, lab.resolve("lab-res.jar"), StandardCopyOption.REPLACE_EXISTING);
        assertEquals("hashed", libraryVersionSeenBy(loaded));
    }

    @Test
    void aRunPeeksAtBundlesAndLoadsOnlyTheOneItUses() throws Exception {
        bundle(modules.resolve("spectro"), List.of(spectro, utilV1));
        bundle(modules.resolve("other"), List.of(other, utilV2));
        RunPlugins run = RunPlugins.open(new DiscoveryRequest(List.of(modules), PluginMode.DEV,
                new LockState.Absent(List.of()), false, DiscoveryRequest.Use.RUN));
        LoadedPlugin loaded = run.load(OTHER).orElseThrow();
        assertEquals("2.0", libraryVersionSeenBy(loaded));
        assertEquals(List.of(OTHER), run.loaded().stream().map(p -> p.description().id()).toList());
    }

    @Test
    void noLibraryOrPluginCodeRunsWhenABundleIsDiscoveredInDevOrProduction() throws Exception {
        Path marker = work.resolve("marker");
        String touch = "try { java.nio.file.Files.writeString(java.nio.file.Path.of(\""
                + marker.toString().replace("\\", "\\\\") + "\"), \"ran\", java.nio.file.StandardOpenOption.CREATE,"
                + " java.nio.file.StandardOpenOption.APPEND); }"
                + " catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }";
        Path library = PluginJar.builder().moduleInfo("module lab.mark { exports lab.mark; }")
                .source("lab/mark/Version.java", "package lab.mark; public final class Version { static { " + touch
                        + " } public static String get() { return \"marked\"; } }")
                .writeTo(work.resolve("lib/lab-mark.jar"));
        Path plugin = pluginUsing("lab.marked", "lab.marked.proc", "lab.mark", "lab.mark", library,
                work.resolve("plugin/lab-marked.jar"));
        Path lab = bundle(modules.resolve("marked"), List.of(plugin, library));
        PluginId id = PluginId.parse("lab.marked.proc");
        PluginReport dev = discover(modules, PluginMode.DEV, new LockState.Absent(List.of()), DiscoveryRequest.Use.RUN);
        assertTrue(dev.loaded(id).isPresent(), dev::toString);
        LockState lock = new LockState.Loaded(work.resolve("plugins.lock"), new Lockfile(1, List.of(new PluginCoordinates(
                id, "lab.marked", "1.0.0", "lab.marked/lab.marked.Uses", DistributionHash.parse(BundleDigests.sha256sumPipeline(lab))))));
        PluginReport production = discover(modules, PluginMode.PRODUCTION, lock, DiscoveryRequest.Use.RUN);
        assertTrue(production.loaded(id).isPresent(), production::toString);
        assertFalse(Files.exists(marker), "discovery ran library code");
        // The control: running the procedure initialises the library, which leaves the marker.
        assertEquals("marked", libraryVersionSeenBy(production.loaded(id).orElseThrow()));
        assertTrue(Files.exists(marker), "the library ran and left no marker");
    }
}
