package capa.plugins;

import static capa.plugins.TestPlugins.automatic;
import static capa.plugins.TestPlugins.info;
import static capa.plugins.TestPlugins.named;
import static capa.plugins.TestPlugins.procedure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.PluginId;
import capa.base.PluginMode;
import capa.plugins.lock.LockState;
import capa.testkit.PluginJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery in dev mode: what loads, and one test per way a JAR is rejected. */
class PluginDiscoveryTest {

    @TempDir
    Path modules;

    @TempDir
    Path work;

    static PluginReport discoverDev(Path directory) {
        return PluginDiscovery.discover(new DiscoveryRequest(List.of(directory), PluginMode.DEV,
                new LockState.Absent(List.of()), false, DiscoveryRequest.Use.INSPECT));
    }

    private List<String> rejectionLines() {
        return discoverDev(modules).rejected().stream().map(Rejection::line).toList();
    }

    private void assertOnlyRejection(String line) {
        PluginReport report = discoverDev(modules);
        assertEquals(List.of(line), report.rejected().stream().map(Rejection::line).toList());
        assertEquals(List.of(), report.loaded());
    }

    static String sha256(Path file) throws IOException {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aNamedPluginLoadsWithItsModuleVersionEntryPointAndJarDigest() throws IOException {
        Path jar = named("lab.good", "lab.good", "Good", "lab.good.procedure").writeTo(modules.resolve("good.jar"));
        PluginReport report = discoverDev(modules);
        assertEquals(List.of(), report.rejected());
        PluginDescription d = report.loaded(PluginId.parse("lab.good.procedure")).orElseThrow().description();
        assertEquals("lab.good", d.packageName());
        assertEquals("1.0.0", d.version());
        assertEquals("lab.good/lab.good.Good", d.entryPoint());
        assertEquals("A procedure", d.name());
        assertEquals(sha256(jar), d.hash().toString());
        assertFalse(d.builtin());
    }

    @Test
    void anAutomaticPluginIsNamedAndVersionedByItsFileName() {
        automatic("lab.auto", "Auto", procedure("lab.auto", "Auto", info("lab.auto.ramp"), ""))
                .writeTo(modules.resolve("lab-auto-2.1.0.jar"));
        PluginDescription d = discoverDev(modules).loaded(PluginId.parse("lab.auto.ramp")).orElseThrow().description();
        assertEquals("lab.auto", d.packageName());
        assertEquals("2.1.0", d.version());
        assertEquals("lab.auto/lab.auto.Auto", d.entryPoint());
    }

    @Test
    void anAutomaticPluginWithoutAFileVersionUsesImplementationVersionAndItsModuleName() {
        automatic("lab.auto", "Auto", procedure("lab.auto", "Auto", info("lab.auto.ramp"), ""))
                .manifestAttribute("Implementation-Version", "3.4")
                .manifestAttribute("Automatic-Module-Name", "lab.automatic")
                .writeTo(modules.resolve("ramp.jar"));
        PluginDescription d = discoverDev(modules).loaded(PluginId.parse("lab.auto.ramp")).orElseThrow().description();
        assertEquals("lab.automatic", d.packageName());
        assertEquals("3.4", d.version());
    }

    @Test
    void anUnversionedPluginSaysSo() {
        automatic("lab.auto", "Auto", procedure("lab.auto", "Auto", info("lab.auto.ramp"), ""))
                .writeTo(modules.resolve("ramp.jar"));
        assertEquals("unversioned", discoverDev(modules).loaded(PluginId.parse("lab.auto.ramp"))
                .orElseThrow().description().version());
    }

    @Test
    void pluginsAreReportedInFileNameOrderWhateverTheirIds() {
        named("lab.b", "lab.b", "B", "lab.a.first").writeTo(modules.resolve("b.jar"));
        named("lab.a", "lab.a", "A", "lab.z.last").writeTo(modules.resolve("a.jar"));
        assertEquals(List.of("lab.z.last", "lab.a.first"), discoverDev(modules).loaded().stream()
                .map(p -> p.description().id().value()).toList());
    }

    @Test
    void aSynchronousRunIsMissingAsyncRun() {
        Path api = TestPlugins.otherApi("1.0.0", true, false, work.resolve("api/capa-api.jar"));
        PluginJar.builder()
                .moduleInfo("module lab.wash { requires capa.api; provides capa.api.Procedure with lab.wash.Wash; }")
                .source("lab/wash/Wash.java", """
                        package lab.wash;
                        import capa.api.*;
                        import java.util.List;
                        import java.util.concurrent.*;
                        @ProcedureInfo(id = "lab.wash.plate_wash", name = "Plate wash")
                        public final class Wash implements Procedure<Wash.Config> {
                            public record Config(int cycles) {}
                            public CompletionStage<List<Problem>> preflight(ProcedureContext c, Config k) {
                                return CompletableFuture.completedFuture(List.of());
                            }
                            public void run(ProcedureContext c, Config k) {}
                        }
                        """)
                .compiledAgainst(api).moduleVersion("0.9.2").writeTo(modules.resolve("wash.jar"));
        assertOnlyRejection("lab.wash.plate_wash: contract_check_failed: missing async run()");
    }

    @Test
    void aSynchronousPreflightIsMissingAsyncPreflight() {
        Path api = TestPlugins.otherApi("1.0.0", false, true, work.resolve("api/capa-api.jar"));
        automatic("lab.pre", "Pre", """
                package lab.pre;
                import capa.api.*;
                import java.util.List;
                import java.util.concurrent.*;
                @ProcedureInfo(id = "lab.pre.check", name = "Check")
                public final class Pre implements Procedure<Pre.Config> {
                    public record Config(int n) {}
                    public List<Problem> preflight(ProcedureContext c, Config k) { return List.of(); }
                    public CompletionStage<Void> run(ProcedureContext c, Config k) { return null; }
                }
                """).compiledAgainst(api).writeTo(modules.resolve("pre.jar"));
        assertOnlyRejection("lab.pre.check: contract_check_failed: missing async preflight()");
    }

    @Test
    void anIncompatibleCapaApiMajorVersionIsRejected() {
        Path api = TestPlugins.otherApi("2.0.0", true, true, work.resolve("api/capa-api.jar"));
        named("lab.next", "lab.next", "Next", "lab.next.procedure").compiledAgainst(api)
                .writeTo(modules.resolve("next.jar"));
        assertOnlyRejection("lab.next.procedure: contract_check_failed: built against capa.api 2.0.0;"
                + " this capa needs capa.api 1.x");
    }

    @Test
    void anAbstractProviderIsRejected() {
        automatic("lab.abs", "Abs", procedure("lab.abs", "Abs", info("lab.abs.proc"), "")
                .replace("public final class", "public abstract class"))
                .writeTo(modules.resolve("abs.jar"));
        assertOnlyRejection("lab.abs.proc: contract_check_failed: provider class lab.abs.Abs is abstract");
    }

    @Test
    void anInterfaceProviderIsRejected() {
        automatic("lab.itf", "Itf", """
                package lab.itf;
                import capa.api.*;
                @ProcedureInfo(id = "lab.itf.proc", name = "Interface")
                public interface Itf extends Procedure<Itf.Config> {
                    record Config(int n) {}
                }
                """).writeTo(modules.resolve("itf.jar"));
        assertOnlyRejection("lab.itf.proc: contract_check_failed: provider lab.itf.Itf is an interface, not a class");
    }

    @Test
    void aNonPublicProviderIsRejected() {
        automatic("lab.hid", "Hid", procedure("lab.hid", "Hid", info("lab.hid.proc"), "")
                .replace("public final class", "final class"))
                .writeTo(modules.resolve("hid.jar"));
        assertOnlyRejection("lab.hid.proc: contract_check_failed: provider class lab.hid.Hid is not public");
    }

    @Test
    void aProviderWithoutPublicNoArgConstructorOrProviderMethodIsRejected() {
        automatic("lab.ctor", "Ctor", procedure("lab.ctor", "Ctor", info("lab.ctor.proc"),
                        "private Ctor() {} public static Ctor provider() { return new Ctor(); }"))
                .writeTo(modules.resolve("ctor.jar"));
        assertOnlyRejection("lab.ctor.proc: contract_check_failed: provider class lab.ctor.Ctor has no"
                + " public no-arg constructor (a plain JAR's provider needs one; provider() works only in a named module)");
    }

    @Test
    void aNamedModuleMayUseAProviderMethodInsteadOfAConstructor() {
        named("lab.pm", "lab.pm", "Pm", "lab.pm.proc")
                .source("lab/pm/Pm.java", procedure("lab.pm", "Pm", info("lab.pm.proc"),
                        "private Pm() {} public static Pm provider() { return new Pm(); }"))
                .writeTo(modules.resolve("pm.jar"));
        assertTrue(discoverDev(modules).loaded(PluginId.parse("lab.pm.proc")).isPresent());
    }

    @Test
    void aProviderWithoutTheAnnotationIsMissingId() {
        automatic("lab.noid", "NoId", procedure("lab.noid", "NoId", "", "")).writeTo(modules.resolve("noid.jar"));
        assertOnlyRejection("noid.jar: contract_check_failed: missing id");
    }

    @Test
    void aMalformedIdIsRejectedNamingIt() {
        automatic("lab.bad", "Bad", procedure("lab.bad", "Bad", info("Lab.Bad-Id"), "")).writeTo(modules.resolve("bad.jar"));
        assertOnlyRejection("bad.jar: contract_check_failed: malformed id 'Lab.Bad-Id'");
    }

    @Test
    void aBlankNameIsRejected() {
        automatic("lab.blank", "Blank", procedure("lab.blank", "Blank",
                "@ProcedureInfo(id = \"lab.blank.proc\", name = \"  \")", "")).writeTo(modules.resolve("blank.jar"));
        assertOnlyRejection("lab.blank.proc: contract_check_failed: blank name");
    }

    @Test
    void aConfigurationThatIsNotARecordIsRejected() {
        automatic("lab.raw", "Raw", """
                package lab.raw;
                import capa.api.*;
                import java.util.List;
                import java.util.concurrent.*;
                @ProcedureInfo(id = "lab.raw.proc", name = "Raw")
                @SuppressWarnings("rawtypes")
                public final class Raw implements Procedure {
                    public CompletionStage<List<Problem>> preflight(ProcedureContext c, Record k) { return null; }
                    public CompletionStage<Void> run(ProcedureContext c, Record k) { return null; }
                }
                """).writeTo(modules.resolve("raw.jar"));
        assertOnlyRejection("lab.raw.proc: contract_check_failed: config must be a record");
    }

    @Test
    void aPluginThatBundlesItsOwnCapaApiIsRejected() {
        automatic("lab.fat", "Fat", procedure("lab.fat", "Fat", info("lab.fat.proc"), ""))
                .source("capa/api/Extra.java", "package capa.api; public class Extra {}")
                .writeTo(modules.resolve("fat.jar"));
        assertOnlyRejection("lab.fat.proc: contract_check_failed: bundles its own copy of capa.api;"
                + " depend on capa-api as provided, never package it");
    }

    @Test
    void aFileThatIsNotAZipIsNotAValidJar() throws IOException {
        Files.writeString(modules.resolve("notes.jar"), "these are not the bytes you are looking for");
        assertOnlyRejection("notes.jar: not a valid JAR (not a ZIP archive)");
    }

    @Test
    void aTruncatedJarIsNotAValidJar() throws IOException {
        Path jar = named("lab.cut", "lab.cut", "Cut", "lab.cut.proc").writeTo(work.resolve("cut.jar"));
        byte[] bytes = Files.readAllBytes(jar);
        Files.write(modules.resolve("cut.jar"), Arrays.copyOf(bytes, bytes.length / 2));
        List<String> lines = rejectionLines();
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("cut.jar: not a valid JAR (truncated"), lines::toString);
    }

    @Test
    void aClassOutsideAnyPackageMakesTheJarUnusableAsAModule() {
        automatic("lab.loose", "Loose", procedure("lab.loose", "Loose", info("lab.loose.proc"), ""))
                .source("Helper.java", "public class Helper {}")
                .writeTo(modules.resolve("loose.jar"));
        assertOnlyRejection("loose.jar: Helper.class is in the unnamed package, which a module cannot hold:"
                + " move it into a package");
    }

    @Test
    void aClassInADirectoryThatIsNoPackageNameIsLeftOutOfTheModuleAsTheJdkLeavesItOut() {
        named("lab.kw", "lab.kw", "Kw", "lab.kw.proc")
                .resource("lab/kw/int/Stray.class", new byte[] {(byte) 0xCA, (byte) 0xFE})
                .writeTo(modules.resolve("kw.jar"));
        PluginReport report = discoverDev(modules);
        assertEquals(List.of(), report.rejected());
        assertEquals(List.of("lab.kw.proc"), report.loaded().stream()
                .map(p -> p.description().id().value()).toList());
    }

    @Test
    void resourcesInDirectoriesThatAreNoPackageNamesDoNotStopANamedPlugin() {
        named("lab.data", "lab.data", "Data", "lab.data.proc")
                .resource("lab/data/raw-traces/2026.csv", "t,v\n0,1\n")
                .resource("lab/data/int/notes.txt", "keyword directory, not a package")
                .writeTo(modules.resolve("data.jar"));
        PluginReport report = discoverDev(modules);
        assertEquals(List.of(), report.rejected());
        assertEquals(List.of("lab.data.proc"), report.loaded().stream()
                .map(p -> p.description().id().value()).toList());
    }

    @Test
    void aJarWithoutProceduresProvidesNoProcedure() {
        PluginJar.builder().source("lab/util/Util.java", "package lab.util; public class Util {}")
                .writeTo(modules.resolve("util-1.0.jar"));
        assertOnlyRejection("util-1.0.jar: provides no procedure");
    }

    @Test
    void aThirdPartyLibraryJarIsOneCleanLine() throws Exception {
        Path tomlj = Path.of(org.tomlj.Toml.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.copy(tomlj, modules.resolve("tomlj-1.1.1.jar"));
        assertOnlyRejection("tomlj-1.1.1.jar: provides no procedure");
    }

    @Test
    void aMissingRequiredModuleDoesNotResolve() {
        Path other = PluginJar.builder().moduleInfo("module lab.missing { exports lab.missing; }")
                .source("lab/missing/M.java", "package lab.missing; public class M {}")
                .writeTo(work.resolve("other/lab-missing.jar"));
        PluginJar.builder()
                .moduleInfo("module lab.needy { requires capa.api; requires lab.missing;"
                        + " provides capa.api.Procedure with lab.needy.Needy; }")
                .source("lab/needy/Needy.java", procedure("lab.needy", "Needy", info("lab.needy.proc"), ""))
                .modulePath(other).writeTo(modules.resolve("needy.jar"));
        assertOnlyRejection("needy.jar: module does not resolve: Module lab.missing not found, required by lab.needy");
    }

    @Test
    void aPackageSplitWithCapasOwnModulesDoesNotResolve() {
        automatic("lab.split", "Split", procedure("lab.split", "Split", info("lab.split.proc"), ""))
                .source("capa/plugins/Sneaky.java", "package capa.plugins; public class Sneaky {}")
                .writeTo(modules.resolve("split.jar"));
        List<String> lines = rejectionLines();
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("split.jar: module does not resolve: "), lines::toString);
        assertTrue(lines.get(0).contains("capa.plugins"), lines::toString);
    }

    @Test
    void aPackageOfTheJavaPlatformIsRefusedInALineThatIsTheSameAtEveryRun() {
        named("lab.jpkg", "lab.jpkg", "Jpkg", "lab.jpkg.proc")
                .resource("java/evil/Hack.class", new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE})
                .writeTo(modules.resolve("jpkg.jar"));
        automatic("lab.jroot", "Jroot", procedure("lab.jroot", "Jroot", info("lab.jroot.proc"), ""))
                .resource("java/Root.class", new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE})
                .writeTo(modules.resolve("jroot.jar"));
        assertEquals(List.of("jpkg.jar: module does not resolve: module lab.jpkg contains package java.evil, but"
                        + " packages named java.* belong to the Java platform: no plugin or library may define one",
                "jroot.jar: module does not resolve: module jroot contains package java, but packages named java.*"
                        + " belong to the Java platform: no plugin or library may define one"),
                rejectionLines());
    }

    @Test
    void aModuleNamedLikeThePlatformsOrThisImagesIsRefusedSoNoPluginPassesForThem() {
        for (String module : List.of("java.sql", "java.evil", "jdk.tools", "capa.base", "capa.api")) {
            automatic("lab.spoof", "Spoof", procedure("lab.spoof", "Spoof", info("lab.spoof.proc"), ""))
                    .writeTo(modules.resolve(module + "-1.0.jar"));
        }
        assertEquals(List.of(
                "capa.api-1.0.jar: module capa.api is a module of this capa image; give the plugin's module a name of its own",
                "capa.base-1.0.jar: module capa.base is a module of this capa image; give the plugin's module a name of its own",
                "java.evil-1.0.jar: module java.evil: names under java. and jdk. belong to the Java platform; give the"
                        + " plugin's module a name of its own",
                "java.sql-1.0.jar: module java.sql: names under java. and jdk. belong to the Java platform; give the"
                        + " plugin's module a name of its own",
                "jdk.tools-1.0.jar: module jdk.tools: names under java. and jdk. belong to the Java platform; give the"
                        + " plugin's module a name of its own"), rejectionLines());
    }

    @Test
    void anIdClaimedByTwoJarsIsRejectedOnBothNamingTheOther() {
        named("lab.one", "lab.one", "One", "lab.shared.proc").writeTo(modules.resolve("one.jar"));
        named("lab.two", "lab.two", "Two", "lab.shared.proc").writeTo(modules.resolve("two.jar"));
        PluginReport report = discoverDev(modules);
        assertEquals(List.of(
                "lab.shared.proc: duplicate_id: one.jar conflicts with two.jar",
                "lab.shared.proc: duplicate_id: two.jar conflicts with one.jar"),
                report.rejected().stream().map(Rejection::line).toList());
        assertEquals(List.of(), report.loaded());
    }

    @Test
    void anIdUnderTheReservedBuiltinPrefixIsRejected() {
        named("lab.fake", "lab.fake", "Fake", "capa.builtin.free_run_v2").writeTo(modules.resolve("fake.jar"));
        assertOnlyRejection("capa.builtin.free_run_v2: reserved_id: ids under capa.builtin. belong to"
                + " capa's builtins (fake.jar)");
    }

    @Test
    void oneBadJarDoesNotAffectTheOthers() throws IOException {
        Files.writeString(modules.resolve("a-broken.jar"), "PK");
        named("lab.good", "lab.good", "Good", "lab.good.procedure").writeTo(modules.resolve("b-good.jar"));
        PluginReport report = discoverDev(modules);
        assertTrue(report.loaded(PluginId.parse("lab.good.procedure")).isPresent());
        assertEquals(1, report.rejected().size());
    }

    @Test
    void aMissingPluginDirectoryIsReportedNotFatal() {
        PluginReport report = discoverDev(modules.resolve("nope"));
        assertEquals(List.of(modules.resolve("nope") + ": plugin directory does not exist"),
                report.rejected().stream().map(Rejection::line).toList());
    }
}
