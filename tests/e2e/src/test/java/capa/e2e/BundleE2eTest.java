package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.testkit.BundleDigests;
import capa.testkit.PluginJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin bundles against the image: a directory of the plugin's JAR and its libraries' JARs
 * is listed, checked, trusted, run and refused as one plugin with one digest, the one
 * {@code sha256sum *.jar | LC_ALL=C sort -k2 | sha256sum} prints.
 */
class BundleE2eTest {

    @TempDir
    static Path shared;

    static Path utilV1;
    static Path utilV2;
    static Path spectro;
    static Path other;
    static Path shell;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildJars() {
        utilV1 = library("1.0", shared.resolve("v1/lab-util-1.0.jar"));
        utilV2 = library("2.0", shared.resolve("v2/lab-util-2.0.jar"));
        spectro = plugin("spectro", "requires lab.util;", utilV1);
        other = plugin("other", "requires lab.util;", utilV2);
        shell = plugin("shell", "requires jdk.jshell;", null);
    }

    /** Named library module lab.util: {@code lab.util.Version.get()} returns {@code version}. */
    static Path library(String version, Path jar) {
        return PluginJar.builder()
                .moduleInfo("module lab.util { exports lab.util; }")
                .source("lab/util/Version.java", "package lab.util; public final class Version {"
                        + " public static String get() { return \"" + version + "\"; } }")
                .moduleVersion(version)
                .writeTo(jar);
    }

    /** Plugin module lab.NAME, procedure lab.NAME.proc, whose run logs the lab.util version it sees. */
    static Path plugin(String name, String requires, Path library) {
        return plugin(name, requires, library, shared.resolve("plugins"));
    }

    /** As {@link #plugin(String, String, Path)}, written into {@code into}. */
    static Path plugin(String name, String requires, Path library, Path into) {
        String log = library == null ? "\"" + name + " ran\"" : "\"" + name + " sees lab.util \" + lab.util.Version.get()";
        return TestPlugins.procedure(into, name, "1.0.0", "", """
                context.log().info(%s);
                return CompletableFuture.completedFuture(null);""".formatted(log), "", requires, library);
    }

    private Path bundle(String name, Path... jars) {
        return TestPlugins.modules(dir.resolve("modules").resolve(name), jars);
    }

    private Map<String, String> env(String mode) {
        return Map.of("CAPA_PLUGIN_MODE", mode, "XDG_CONFIG_HOME", dir.resolve("xdg").toString());
    }

    private Capa.Result capa(String mode, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--modules", dir.resolve("modules").toString()));
        return Capa.capa(all.toArray(String[]::new)).in(dir).env(env(mode)).run();
    }

    @Test
    void listShowsABundleAsOnePluginAndEachBrokenOneInOneLine() throws Exception {
        Path lab = bundle("lab-spectro", spectro, utilV1);
        bundle("needy", other);
        Files.createDirectories(dir.resolve("modules/empty"));
        Files.createDirectories(dir.resolve("modules/.git/objects"));
        Files.copy(shell, dir.resolve("modules").resolve(shell.getFileName()));
        Capa.Result result = capa("dev", "plugins", "list", "--full-hash");
        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        List<String> row = List.of("lab.spectro.proc", "lab.spectro", "1.0.0", BundleDigests.sha256sumPipeline(lab));
        assertTrue(lines.stream().anyMatch(l -> List.of(l.split(" +")).equals(row)), result::toString);
        assertEquals(List.of(
                "  empty: a directory with no JAR: a plugin bundle holds the plugin's JAR and its libraries' JARs"
                        + " directly in it; add them, or remove the directory",
                "  lab-shell-1.0.0.jar: module lab.shell requires jdk.jshell, which this capa image does not provide:"
                        + " use only the Java modules the image holds (its bin/java --list-modules)",
                "  needy/lab-other-1.0.0.jar: module lab.other requires lab.util, which no JAR of the bundle provides"
                        + " and this capa image does not either: add lab.util's JAR to the bundle"),
                lines.subList(lines.indexOf("Rejected:") + 1, lines.indexOf("Rejected:") + 4));
        assertFalse(result.out().contains(".git"), result::toString);
        assertFalse(result.err().contains("\tat "), result::toString);
    }

    @Test
    void twoBundlesWithTwoVersionsOfOneLibraryRunSideBySide() {
        bundle("spectro", spectro, utilV1);
        bundle("other", other, utilV2);
        Capa.Result first = capa("dev", "run", "--procedure", "lab.spectro.proc");
        Capa.Result second = capa("dev", "run", "--procedure", "lab.other.proc");
        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(first.out().contains("spectro sees lab.util 1.0"), first::toString);
        assertTrue(second.out().contains("other sees lab.util 2.0"), second::toString);
    }

    @Test
    void checkTakesBundleDirectoriesBesideJars() throws Exception {
        Path lab = TestPlugins.modules(dir.resolve("lab-spectro"), spectro, utilV1);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Capa.Result good = Capa.capa("plugins", "check", lab.toString()).in(dir).run();
        assertEquals(0, good.exitCode(), good::toString);
        assertEquals(List.of("lab.spectro.proc", "lab.spectro", "1.0.0", BundleDigests.sha256sumPipeline(lab)),
                List.of(good.outLines().get(3).split(" +")));

        Capa.Result bad = Capa.capa("plugins", "check", lab.toString(), empty.toString(), "--json").in(dir).run();
        assertEquals(1, bad.exitCode(), bad::toString);
        assertEquals(List.of(BundleDigests.sha256sumPipeline(lab)), IndependentJson.eval(bad.out(), "[p['distribution_hash'] for p in d['loaded']]"));
        assertEquals(List.of("empty", "invalid_bundle"),
                IndependentJson.eval(bad.out(), "[d['rejected'][0]['subject'], d['rejected'][0]['kind']]"));
        assertEquals(List.of(lab.toString(), empty.toString()), IndependentJson.eval(bad.out(), "d['jars']"));
    }

    @Test
    void aTrustedBundleRunsInProductionUntilALibraryIsSwapped() throws Exception {
        Path lab = bundle("lab-spectro", spectro, utilV1);
        Capa.Result trust = capa("dev", "plugins", "trust", "lab.spectro.proc", "--reason", "bundle test");
        assertEquals(0, trust.exitCode(), trust::toString);
        assertTrue(Files.readString(dir.resolve("plugins.lock"))
                .contains("distribution_hash = \"" + BundleDigests.sha256sumPipeline(lab) + "\""), trust::toString);
        Capa.Result run = capa("production", "run", "--procedure", "lab.spectro.proc");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("spectro sees lab.util 1.0"), run::toString);
        assertEquals(BundleDigests.sha256sumPipeline(lab), Manifest.topLevel(dir.resolve("runs")).get("plugins.procedure.hash"));
        Capa.Result describe = capa("production", "describe", "lab.spectro.proc");
        assertEquals(0, describe.exitCode(), describe::toString);

        // Another build of the library under the trusted name: the digest no longer matches.
        Files.copy(utilV2, lab.resolve("lab-util-1.0.jar"), StandardCopyOption.REPLACE_EXISTING);
        Capa.Result swapped = capa("production", "run", "--procedure", "lab.spectro.proc");
        assertTrue(swapped.exitCode() != 0, swapped::toString);
        assertTrue(swapped.err().contains("HASH_MISMATCH"), swapped::toString);
        assertFalse(swapped.out().contains("sees lab.util"), swapped::toString);
        Capa.Result list = capa("production", "plugins", "list");
        assertTrue(list.out().contains("lab.spectro.proc: HASH_MISMATCH"), list::toString);
        Capa.Result verify = capa("production", "plugins", "verify");
        assertTrue(verify.exitCode() != 0, verify::toString);

        Capa.Result untrust = Capa.capa("plugins", "untrust", "lab.spectro.proc", "--reason", "swapped").in(dir)
                .env(env("dev")).run();
        assertEquals(0, untrust.exitCode(), untrust::toString);
        assertFalse(Files.readString(dir.resolve("plugins.lock")).contains("lab.spectro.proc"));
    }

    @Test
    void listJsonHasTheBundlesDigestAndItsRejectionKinds() throws Exception {
        Path lab = bundle("lab-spectro", spectro, utilV1);
        bundle("twice", other, utilV1, utilV2);
        Capa.Result json = capa("dev", "plugins", "list", "--json");
        assertEquals(0, json.exitCode(), json::toString);
        assertEquals(List.of(BundleDigests.sha256sumPipeline(lab)), IndependentJson.eval(json.out(),
                "[p['distribution_hash'] for p in d['loaded'] if p['id'] == 'lab.spectro.proc']"));
        assertEquals(List.of("twice/lab-util-2.0.jar invalid_bundle"), IndependentJson.eval(json.out(),
                "[r['subject'] + ' ' + r['kind'] for r in d['rejected']]"));
    }

    @Test
    void aBundleTooLargeToHoldTogetherIsOneLineAndTheOthersLoad() throws Exception {
        // -Xmx64m: one JAR may hold 16 MB. Three libraries keep 7 MB each (META-INF/ is kept for
        // inspection): each fits alone, the bundle does not.
        Path big = bundle("big", spectro, utilV1);
        byte[] data = new byte[7 << 20];
        new java.util.Random(14).nextBytes(data);
        for (String i : List.of("a", "b", "c")) {
            try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(big.resolve("data-" + i + ".jar")))) {
                var entry = new java.util.zip.ZipEntry("META-INF/data.bin");
                entry.setMethod(java.util.zip.ZipEntry.STORED);
                entry.setSize(data.length);
                var crc = new java.util.zip.CRC32();
                crc.update(data);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(data);
                zip.closeEntry();
                zip.putNextEntry(new java.util.zip.ZipEntry("lab/data" + i + "/Marker.class"));
                zip.closeEntry();
            }
        }
        bundle("other", other, utilV2);
        List<String> all = new ArrayList<>(List.of("plugins", "list", "--modules", dir.resolve("modules").toString()));
        Capa.Result result = Capa.capa(all.toArray(String[]::new)).in(dir)
                .env(Map.of("CAPA_JAVA_OPTS", "-Xmx64m", "XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        List<String> rejected = lines.subList(lines.indexOf("Rejected:") + 1, lines.size());
        assertEquals(1, rejected.size(), result::toString);
        assertTrue(rejected.get(0).startsWith("  big/data-c.jar: too large to hold in memory: the JARs of the bundle"
                + " up to this one of "), result::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("lab.other.proc ")), result::toString);
    }

    /** {@code count} one-entry JARs {@code lib<i>.jar} in {@code bundle}: automatic modules that read every other module. */
    static void tinyAutomaticJars(Path bundle, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(bundle.resolve("lib" + i + ".jar")))) {
                zip.putNextEntry(new java.util.zip.ZipEntry("p" + i + "/A.class"));
                zip.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
                zip.closeEntry();
            }
        }
    }

    @Test
    void aBundleOfMoreJarsThanTheLimitIsOneLineInListCheckAndTrustUnderASmallHeap() throws Exception {
        int limit = 256;
        tinyAutomaticJars(bundle("many", spectro, utilV1), limit - 1);
        Path atLimit = bundle("atlimit", other, utilV2);
        tinyAutomaticJars(atLimit, limit - 2);
        Map<String, String> smallHeap = Map.of("CAPA_JAVA_OPTS", "-Xmx128m", "CAPA_PLUGIN_MODE", "dev",
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString());
        String modules = dir.resolve("modules").toString();
        String line = "many: more than " + limit + " JARs, capa's limit for a bundle (each JAR is a module of the"
                + " bundle's one layer): keep only the libraries the plugin needs, or merge them into fewer JARs";

        Capa.Result list = Capa.capa("plugins", "list", "--modules", modules).in(dir).env(smallHeap).run();
        assertEquals(0, list.exitCode(), list::toString);
        List<String> lines = list.outLines();
        assertEquals(List.of("  " + line), lines.subList(lines.indexOf("Rejected:") + 1, lines.size()), list::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("lab.other.proc ")), list::toString);

        Capa.Result check = Capa.capa("plugins", "check", dir.resolve("modules/many").toString()).in(dir)
                .env(smallHeap).run();
        assertEquals(1, check.exitCode(), check::toString);
        assertEquals(1, check.outLines().stream().filter(l -> l.contains(line)).count(), check::toString);
        Capa.Result checkAtLimit = Capa.capa("plugins", "check", atLimit.toString()).in(dir).env(smallHeap).run();
        assertEquals(0, checkAtLimit.exitCode(), checkAtLimit::toString);

        Capa.Result trust = Capa.capa("plugins", "trust", "lab.other.proc", "--reason", "limit test", "--modules",
                modules).in(dir).env(smallHeap).run();
        assertEquals(0, trust.exitCode(), trust::toString);
        assertTrue(Files.readString(dir.resolve("plugins.lock")).contains("lab.other.proc"), trust::toString);
        for (Capa.Result result : List.of(list, check, checkAtLimit, trust)) {
            String both = result.out() + result.err();
            assertFalse(both.contains("\tat ") || both.contains("internal error") || both.contains("Exception in thread")
                    || both.contains("OutOfMemoryError"), result::toString);
        }
    }

    @Test
    void aNonAsciiJarNameIsHashedAsSha256sumDoesOrRefusedUnderALocaleThatCannotReadIt() throws Exception {
        Path lab = bundle("lab-spectro", spectro);
        Files.copy(utilV1, lab.resolve("lab-util-1.0-é日.jar"));
        Capa.Result utf8 = capa("dev", "plugins", "list", "--full-hash");
        String row = String.join(" ", "lab.spectro.proc", "lab.spectro", "1.0.0", BundleDigests.sha256sumPipeline(lab));
        assertTrue(utf8.outLines().stream().anyMatch(l -> String.join(" ", l.split(" +")).equals(row)), utf8::toString);

        List<String> all = List.of("plugins", "list", "--modules", dir.resolve("modules").toString());
        Capa.Result posix = Capa.capa(all.toArray(String[]::new)).in(dir).env(Map.of("LANG", "C", "LC_ALL", "C",
                "XDG_CONFIG_HOME", dir.resolve("xdg").toString())).run();
        assertEquals(0, posix.exitCode(), posix::toString);
        List<String> lines = posix.outLines();
        assertEquals(1, lines.size() - lines.indexOf("Rejected:") - 1, posix::toString);
        assertTrue(lines.getLast().contains("a file name capa cannot read as the UTF-8 bytes on disk"), posix::toString);
    }

    @Test
    void noCommandButRunRunsABundlesLibraryCode() throws Exception {
        Path marker = dir.resolve("marker");
        String touch = "try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + marker
                + "\"), \"ran\\n\", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND); }"
                + " catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }";
        Path library = PluginJar.builder()
                .moduleInfo("module lab.util { exports lab.util; }")
                .source("lab/util/Version.java", "package lab.util; public final class Version { static { " + touch
                        + " } public static String get() { return \"marked\"; } }")
                .writeTo(dir.resolve("build/lab-util-9.jar"));
        Path lab = TestPlugins.modules(dir.resolve("modules/marked"), plugin("spectro", "requires lab.util;", library, dir.resolve("build")),
                library);
        Capa.Result check = Capa.capa("plugins", "check", lab.toString()).in(dir).run();
        assertEquals(0, check.exitCode(), check::toString);
        assertEquals(0, capa("dev", "plugins", "list").exitCode());
        assertEquals(0, capa("dev", "plugins", "trust", "lab.spectro.proc", "--reason", "marker").exitCode());
        assertEquals(0, capa("production", "plugins", "verify").exitCode());
        assertEquals(0, capa("production", "describe", "lab.spectro.proc").exitCode());
        assertFalse(Files.exists(marker), "an inspecting command ran the library's code");
        // The control: running the procedure initialises the library.
        Capa.Result run = capa("production", "run", "--procedure", "lab.spectro.proc");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("spectro sees lab.util marked"), run::toString);
        assertTrue(Files.exists(marker), "the library ran and left no marker");
    }
}
