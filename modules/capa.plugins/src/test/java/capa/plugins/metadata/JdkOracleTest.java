package capa.plugins.metadata;

import static capa.plugins.metadata.JarBytes.jar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import capa.plugins.jar.HashedJar;
import capa.plugins.jar.JarFormatException;
import capa.plugins.jar.Retention;
import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK is the oracle for how a JAR becomes a module: over every JAR of the build's own Maven
 * repository and a generated corpus of oddities, capa's reading ({@link HashedJar} as discovery
 * reads it, then {@link JarModuleReader}) is compared with {@link ModuleFinder#of}'s. Where
 * the JDK finds a module, capa finds the same name, version, packages, requires, provides,
 * exports, opens, uses and main class; where the JDK refuses, capa refuses with a one-line
 * reason; where capa refuses a JAR the JDK reads, the reason must be one of the deliberate
 * rules in {@link #STRICTER}, each documented in docs/jar-reading.md.
 */
class JdkOracleTest {

    /** Repository JARs compared at most: spread evenly over the sorted list, so the run stays well under a minute. */
    private static final int REPOSITORY_SAMPLE = 700;

    /** capa's deliberate refusals of JARs the JDK reads, by reason, with why (docs/jar-reading.md). */
    private static final Map<Pattern, String> STRICTER = stricter();

    private static Map<Pattern, String> stricter() {
        Map<Pattern, String> rules = new LinkedHashMap<>();
        rules.put(Pattern.compile("^not a valid JAR \\(unsafe entry name '"),
                "a name with '..', a leading '/', '\\\\', a drive letter or NUL could address a file outside the JAR");
        rules.put(Pattern.compile("^not a valid JAR \\(duplicate entry '"),
                "two entries of one name: which one the hash and the layer mean would be ambiguous");
        rules.put(Pattern.compile("^not a valid JAR \\(entry '.*' is encrypted\\)$"),
                "capa cannot hash-and-read what it cannot decrypt");
        return rules;
    }

    @TempDir
    Path dir;

    sealed interface Reading {
        record Module(ModuleDescriptor descriptor) implements Reading {
        }

        record Refused(String reason) implements Reading {
        }
    }

    static Reading capa(Path file) {
        try {
            HashedJar read = HashedJar.read(file, Retention.CODE_AND_METADATA);
            return new Reading.Module(JarModuleReader.read(file.getFileName().toString(),
                    VersionedJar.of(read.jar())).descriptor());
        } catch (JarFormatException e) {
            return new Reading.Refused("not a valid JAR (" + e.getMessage() + ")");
        } catch (NotAPluginException e) {
            return new Reading.Refused(e.getMessage());
        } catch (IOException e) {
            return new Reading.Refused("cannot be read (" + e + ")");
        }
    }

    static Reading jdk(Path file) {
        try {
            Set<ModuleReference> found = ModuleFinder.of(file).findAll();
            assertEquals(1, found.size(), file::toString);
            return new Reading.Module(found.iterator().next().descriptor());
        } catch (FindException e) {
            return new Reading.Refused(String.valueOf(e.getCause() != null ? e.getCause() : e));
        }
    }

    /** A mismatch between capa and the JDK for {@code file}, or empty when they agree. */
    static Optional<String> compare(Path file) {
        Reading ours = capa(file);
        Reading theirs = jdk(file);
        String name = file.getFileName().toString();
        return switch (ours) {
            case Reading.Module(ModuleDescriptor mine) -> switch (theirs) {
                case Reading.Module(ModuleDescriptor jdks) -> differences(mine, jdks).map(d -> name + ": " + d);
                case Reading.Refused(String why) -> Optional.of(name + ": capa reads module " + mine.toNameAndVersion()
                        + " where the JDK refuses: " + why);
            };
            case Reading.Refused(String reason) -> {
                if (reason.isBlank() || reason.contains("\n") || reason.contains("\r")) {
                    yield Optional.of(name + ": capa's reason is not one line: " + reason);
                }
                if (theirs instanceof Reading.Module(ModuleDescriptor jdks)) {
                    Optional<String> rule = STRICTER.entrySet().stream()
                            .filter(e -> e.getKey().matcher(reason).find()).map(Map.Entry::getValue).findFirst();
                    if (rule.isEmpty()) {
                        yield Optional.of(name + ": capa refuses (" + reason + ") where the JDK reads "
                                + jdks.toNameAndVersion());
                    }
                    // Recorded in the test's output: which JARs a deliberate rule refuses, and why.
                    System.out.println("capa is stricter: " + file + ": " + reason + " [" + rule.get() + "]");
                }
                yield Optional.empty();
            }
        };
    }

    static Optional<String> differences(ModuleDescriptor mine, ModuleDescriptor jdks) {
        List<String> out = new ArrayList<>();
        check(out, "name", mine.name(), jdks.name());
        check(out, "version", mine.rawVersion(), jdks.rawVersion());
        check(out, "automatic", mine.isAutomatic(), jdks.isAutomatic());
        check(out, "packages", mine.packages(), jdks.packages());
        check(out, "requires", mine.requires(), jdks.requires());
        check(out, "provides", Set.copyOf(mine.provides()), Set.copyOf(jdks.provides()));
        check(out, "exports", mine.exports(), jdks.exports());
        check(out, "opens", mine.opens(), jdks.opens());
        check(out, "uses", mine.uses(), jdks.uses());
        check(out, "main class", mine.mainClass(), jdks.mainClass());
        return out.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", out));
    }

    private static void check(List<String> out, String field, Object mine, Object jdks) {
        if (!mine.equals(jdks)) {
            String a = String.valueOf(mine);
            String b = String.valueOf(jdks);
            out.add(field + " differs: capa " + (a.length() > 300 ? a.substring(0, 300) + "…" : a)
                    + ", JDK " + (b.length() > 300 ? b.substring(0, 300) + "…" : b));
        }
    }

    private static void assertAgree(List<Path> files) {
        List<String> mismatches = new ArrayList<>();
        for (Path file : files) {
            compare(file).ifPresent(mismatches::add);
        }
        assertEquals(List.of(), mismatches, () -> mismatches.size() + " of " + files.size() + " JARs disagree");
    }

    static Path repository() {
        String property = System.getProperty("capa.oracle.repository");
        return property != null ? Path.of(property) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    @Test
    void everyJarOfTheBuildsOwnMavenRepositoryReadsAsTheJdkReadsIt() throws IOException {
        Path repository = repository();
        assertTrue(Files.isDirectory(repository), () -> "no Maven repository at " + repository
                + ": pass -Dcapa.oracle.repository (the pom passes maven.repo.local)");
        List<Path> all;
        try (Stream<Path> files = Files.walk(repository)) {
            all = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted().toList();
        }
        assertTrue(all.size() >= 50, () -> "expected the build's dependencies, found " + all.size() + " JARs");
        List<Path> sample = new ArrayList<>();
        double step = Math.max(1.0, all.size() / (double) REPOSITORY_SAMPLE);
        for (double i = 0; i < all.size(); i += step) {
            sample.add(all.get((int) i));
        }
        assertAgree(sample);
    }

    private Path write(String fileName, JarBytes jar) {
        return jar.writeTo(dir.resolve(fileName));
    }

    private Path write(String fileName, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(fileName), bytes);
    }

    private static JarBytes automatic() {
        return jar().classes("lab/probe/Probe.class", "lab/probe/util/Helper.class")
                .service(JarMetadataReader.SERVICE, "lab.probe.Probe\n");
    }

    private static byte[] probeModule(String name) {
        return JarBytes.moduleInfo(name, "1.0", JarMetadataReader.SERVICE, "lab.probe.Probe");
    }

    @Test
    void fileNamesVersionsAndModuleNamesAsTheJdkDerivesThem() {
        List<Path> files = new ArrayList<>();
        for (String fileName : List.of("lab-probe-1.0-SNAPSHOT.jar", "lab-probe-5.2.0.Final.jar", "lab-probe-1.0-rc1.jar",
                "lab-probe-1.jar", "lab-probe-1.0-.jar", "x-2.0 (1).jar", "x-2.0 (1)x.jar", "lab probe-1.0.jar",
                "läb-prøbe-1.0.jar", "lab-probe-1.0+build.5.jar", "lab.probe_2-3.0.jar", "lab-probe-2go.jar",
                "class.jar", "9lives.jar", "-1.0.jar", "___.jar", "lab-int-1.0.jar", "lab-probe-1.0--x.jar",
                "lab-probe-01.0.jar", "a-b-c-1-2-3.jar", "lab-probe-v1.0.jar", "lab.jar.jar", "x-1.0.jar.jar")) {
            files.add(write(fileName, automatic()));
        }
        assertAgree(files);
    }

    @Test
    void manifestAttributesAsTheJdkReadsThem() {
        List<Path> files = new ArrayList<>();
        int n = 0;
        for (String name : List.of("lab.amn", "lab.amn-probe", "lab.int", "lab..x", "lab.x.", "lab.2go", "lab x",
                "lab.pro\u200bbe", "läb.prøbe", "lab._x", "lab.x ", "")) {
            files.add(write("amn-" + n++ + "-1.0.jar", automatic().manifest("Automatic-Module-Name", name)));
        }
        for (String main : List.of("lab.probe.Probe", "lab/probe/Probe", "lab.other.Main", "Main", "lab.probe.int")) {
            files.add(write("main-" + n++ + "-1.0.jar", automatic().manifest("Main-Class", main)));
        }
        files.add(write("impl-1.jar", automatic().manifest("Implementation-Version", "9.9")));
        files.add(write("lower-manifest-1.0.jar", automatic().entry("META-INF/manifest.mf",
                "Manifest-Version: 1.0\r\nAutomatic-Module-Name: lab.lower\r\n\r\n")));
        files.add(write("two-manifests-1.0.jar", automatic().manifest("Automatic-Module-Name", "lab.first")
                .entry("META-INF/Manifest.MF", "Manifest-Version: 1.0\r\nAutomatic-Module-Name: lab.second\r\n\r\n")));
        files.add(write("broken-manifest-1.0.jar", automatic().entry("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nnot a header\r\n")));
        assertAgree(files);
    }

    @Test
    void servicesFilesAsTheJdkReadsThem() {
        List<Path> files = new ArrayList<>();
        int n = 0;
        for (String lines : List.of("lab.probe.Probe\n", "# comment only\n\n", "lab.probe.Probe # trailing\r\n\r\n",
                "  lab.probe.Probe  \n lab.probe.util.Helper\n", "lab.probe.Probe\nlab.probe.Probe\n", "lab.gone.Gone\n",
                "Probe\n", "lab.probe.int\n", "lab.probe.Pro be\n", "lab.probe.Probe\rlab.probe.util.Helper",
                "\ufefflab.probe.Probe\n")) {
            files.add(write("svc-" + n++ + "-1.0.jar", jar().classes("lab/probe/Probe.class", "lab/probe/util/Helper.class")
                    .service(JarMetadataReader.SERVICE, lines)));
        }
        files.add(write("svc-other-1.0.jar", automatic().service("java.sql.Driver", "lab.probe.util.Helper\n")));
        files.add(write("svc-missing-1.0.jar", automatic().service("java.sql.Driver", "lab.db.Driver\n")));
        files.add(write("svc-badname-1.0.jar", automatic().service("not-a-service", "lab.db.Driver\n")));
        files.add(write("svc-nested-1.0.jar", automatic().entry("META-INF/services/sub/x.Y", "lab.db.Driver\n")));
        files.add(write("svc-class-1.0.jar", automatic().entry("META-INF/services/x.Y.class", "junk")));
        assertAgree(files);
    }

    @Test
    void entriesAndPackagesAsTheJdkReadsThem() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(write("unnamed-1.0.jar", automatic().classes("Helper.class")));
        files.add(write("unnamed-resource-1.0.jar", automatic().entry("readme.txt", "hello")));
        files.add(write("illegal-package-1.0.jar", automatic().classes("lab/probe/int/Stray.class", "lab/2x/A.class",
                "lab/my-dir/A.class")));
        files.add(write("unicode-1.0.jar", automatic().classes("läb/prøbe/A.class").entry("lab/probe/my file.txt", "x")));
        files.add(write("directories-1.0.jar", automatic().entry("lab/", new byte[0]).entry("lab/probe/", new byte[0])
                .entry("lab/empty/", new byte[0])));
        files.add(write("empty-entries-1.0.jar", automatic().entry("lab/probe/empty.txt", new byte[0])
                .entry("lab/data/empty.bin", new byte[0])));
        files.add(write("stored-1.0.jar", automatic().stored()));
        files.add(write("comment-1.0.jar", automatic().comment("built by hand; PK\u0005\u0006 in a comment")));
        files.add(write("no-entries-1.0.jar", jar()));
        files.add(write("not-a-zip-1.0.jar", "these are not the bytes".getBytes(StandardCharsets.UTF_8)));
        files.add(write("zero-bytes-1.0.jar", new byte[0]));
        byte[] twice = automatic().classes("lab/probe/Twice.clasZ").bytes();
        files.add(write("duplicate-1.0.jar", replaceAll(twice, "Twice.clasZ", "Probe.class")));
        assertAgree(files);
    }

    @Test
    void namedModulesAsTheJdkReadsThem() {
        List<Path> files = new ArrayList<>();
        files.add(write("named.jar", jar().classes("lab/probe/Probe.class").entry("module-info.class", probeModule("lab.probe"))));
        files.add(write("named-resources-9.jar", jar().classes("lab/probe/Probe.class").entry("module-info.class",
                probeModule("lab.probe")).entry("lab/data/x.csv", "1").entry("lab/int/x.txt", "kw").entry("top.txt", "t")));
        files.add(write("named-unnamed-class.jar", jar().classes("lab/probe/Probe.class", "Top.class")
                .entry("module-info.class", probeModule("lab.probe"))));
        files.add(write("named-missing-provider.jar", jar().classes("lab/other/X.class")
                .entry("module-info.class", probeModule("lab.probe"))));
        files.add(write("named-garbage.jar", jar().classes("lab/probe/Probe.class").entry("module-info.class", "garbage")));
        files.add(write("named-unversioned.jar", jar().classes("lab/probe/Probe.class").entry("module-info.class",
                JarBytes.moduleInfo("lab.probe", null, null))));
        assertAgree(files);
    }

    @Test
    void multiReleaseJarsAsTheRuntimeReadsThem() {
        int feature = Runtime.version().feature();
        byte[] module = probeModule("lab.mr");
        List<Path> files = new ArrayList<>();
        files.add(write("mr-only-versioned.jar", jar().manifest("Multi-Release", "true").classes("lab/probe/Probe.class")
                .entry("META-INF/versions/11/module-info.class", module)));
        files.add(write("mr-future.jar", jar().manifest("Multi-Release", "true").classes("lab/probe/Probe.class")
                .entry("META-INF/versions/" + (feature + 1) + "/module-info.class", module)));
        files.add(write("mr-off.jar", jar().manifest("Multi-Release", "false").classes("lab/probe/Probe.class")
                .entry("META-INF/versions/11/module-info.class", module)));
        files.add(write("mr-case.jar", jar().manifest("Multi-Release", "True").classes("lab/probe/Probe.class")
                .entry("META-INF/versions/11/module-info.class", module)));
        files.add(write("mr-base-and-versioned.jar", jar().manifest("Multi-Release", "true").classes("lab/probe/Probe.class")
                .entry("module-info.class", probeModule("lab.base"))
                .entry("META-INF/versions/17/module-info.class", module)));
        files.add(write("mr-new-package-1.0.jar", automatic().manifest("Multi-Release", "true")
                .classes("META-INF/versions/11/lab/newer/Only.class", "META-INF/versions/" + (feature + 1) + "/lab/future/F.class",
                        "META-INF/versions/11/Top.class")));
        files.add(write("mr-versioned-services-1.0.jar", jar().manifest("Multi-Release", "true")
                .classes("lab/probe/Probe.class")
                .entry("META-INF/versions/11/META-INF/services/" + JarMetadataReader.SERVICE, "lab.probe.Probe\n")));
        files.add(write("mr-automatic-name-1.0.jar", automatic().manifest("Multi-Release", "true")
                .manifest("Automatic-Module-Name", "lab.mr.auto").classes("META-INF/versions/9/lab/probe/Probe.class")));
        assertAgree(files);
    }

    /**
     * The whole kind, not a few examples: file names, {@code Automatic-Module-Name} values and
     * services files assembled at random (fixed seed) from the pieces real names are made of and
     * the characters that break them, each in a directory of its own.
     */
    @Test
    void randomNamesValuesAndServicesFilesAsTheJdkReadsThem() throws IOException {
        java.util.Random random = new java.util.Random(13);
        List<String> pieces = List.of("lab", "probe", "x", "-", "-", "1", "2.0", "0", ".", "_", " ", "(1)",
                "SNAPSHOT", "Final", "rc1", "+", "é", "ø", "int", "class", "9", "--", "..", "~", "v", "$", "'", "Ω",
                "\u200b".translateEscapes(), "A", "jar", "#", "@", "!");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            StringBuilder name = new StringBuilder();
            for (int n = 1 + random.nextInt(6); n > 0; n--) {
                name.append(pieces.get(random.nextInt(pieces.size())));
            }
            Path caseDir = Files.createDirectories(dir.resolve("name-" + i));
            files.add(automatic().writeTo(caseDir.resolve(name + ".jar")));
        }
        for (int i = 0; i < 80; i++) {
            StringBuilder value = new StringBuilder();
            for (int n = 1 + random.nextInt(5); n > 0; n--) {
                value.append(pieces.get(random.nextInt(pieces.size())));
            }
            files.add(write("amn-random-" + i + "-1.0.jar", automatic().manifest("Automatic-Module-Name",
                    value.toString().strip())));
        }
        List<String> lines = List.of("lab.probe.Probe", "lab.probe.util.Helper", "lab.gone.Gone", "Probe", "# c",
                "", "  ", "lab.probe.Probe # c", "lab.probe.int", "lab..probe.Probe", "lab.probe.Probe\r",
                "lab.probe.$Probe", "lab.probe.Pro-be", "\ufefflab.probe.Probe", "lab.probe.Pröbe");
        for (int i = 0; i < 80; i++) {
            StringBuilder file = new StringBuilder();
            for (int n = random.nextInt(5); n > 0; n--) {
                file.append(lines.get(random.nextInt(lines.size())).translateEscapes()).append('\n');
            }
            files.add(write("svc-random-" + i + "-1.0.jar", jar().classes("lab/probe/Probe.class",
                    "lab/probe/util/Helper.class").service(JarMetadataReader.SERVICE, file.toString())));
        }
        assertAgree(files);
    }

    @Test
    void theExtensionInAnyLetterCaseReadsAsTheJdkReadsTheLowerCaseName() throws IOException {
        Path lower = write("LAB-PROBE-2.0.jar", automatic());
        Path upper = Files.copy(lower, Files.createDirectory(dir.resolve("upper")).resolve("LAB-PROBE-2.0.JAR"));
        assertFalse(jdk(upper) instanceof Reading.Module, "the JDK's ModuleFinder does not read .JAR");
        Reading.Module ours = (Reading.Module) capa(upper);
        Reading.Module theirs = (Reading.Module) jdk(lower);
        assertEquals(Optional.empty(), differences(ours.descriptor(), theirs.descriptor()));
    }

    private static byte[] replaceAll(byte[] bytes, String from, String to) {
        byte[] a = from.getBytes(StandardCharsets.UTF_8);
        byte[] b = to.getBytes(StandardCharsets.UTF_8);
        int replaced = 0;
        for (int i = 0; i + a.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + a.length, a, 0, a.length)) {
                System.arraycopy(b, 0, bytes, i, b.length);
                replaced++;
            }
        }
        if (replaced == 0) {
            fail("nothing to replace");
        }
        return bytes;
    }
}
