package capa.plugins.metadata;

import static capa.plugins.metadata.JarBytes.jar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.plugins.jar.InMemoryJar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A multi-release JAR read as java.util.jar.JarFile reads it at each release. */
class VersionedJarTest {

    @TempDir
    Path dir;

    /** Versioned copies of classes and resources at 9, 11 and 99, odd directories and a META-INF file. */
    private static JarBytes layered(String multiRelease) {
        JarBytes jar = jar().classes("lab/x/A.class", "lab/x/B.class")
                .entry("META-INF/versions/9/lab/x/A.class", "nine")
                .entry("META-INF/versions/11/lab/x/A.class", "eleven")
                .entry("META-INF/versions/99/lab/x/A.class", "ninety-nine")
                .entry("META-INF/versions/11/lab/x/OnlyVersioned.class", "only")
                .entry("META-INF/versions/011/lab/x/B.class", "leading zero")
                .entry("META-INF/versions/x/lab/x/B.class", "not a number")
                .entry("META-INF/versions/11/lab/x/data/", new byte[0])
                .entry("META-INF/versions/11/META-INF/services/lab.S", "lab.x.A\n")
                .entry("META-INF/versions/7/lab/x/B.class", "too old")
                .entry("lab/x/data.txt", "base")
                .entry("META-INF/versions/21/lab/x/data.txt", "twenty-one");
        return multiRelease == null ? jar : jar.manifest("Multi-Release", multiRelease);
    }

    @Test
    void eachNameResolvesToTheEntryJarFileReadsAtEachRelease() throws Exception {
        // "tr", a continuation line, "ue": true to the manifest format, single-release to JarFile.
        for (String attribute : new String[] {"true", "TRUE", "tRuE", "false", "tr\r\n ue", "true\r\n ", null}) {
            Path file = layered(attribute).writeTo(dir.resolve("mr-" + (attribute == null ? null : attribute.strip().hashCode()) + ".jar"));
            for (int release : new int[] {8, 9, 10, 11, 17, 21, Runtime.version().feature()}) {
                VersionedJar ours = VersionedJar.of(InMemoryJar.parse(java.nio.file.Files.readAllBytes(file)), release);
                try (JarFile jdk = new JarFile(file.toFile(), false, ZipFile.OPEN_READ, Runtime.Version.parse(
                        Integer.toString(release)))) {
                    assertEquals(jdk.isMultiRelease(), ours.isMultiRelease(), attribute + "@" + release);
                    List<String> jdkNames = jdk.versionedStream().map(JarEntry::getName).toList();
                    assertEquals(new TreeSet<>(jdkNames), new TreeSet<>(ours.names()), attribute + "@" + release);
                    List<String> probes = new ArrayList<>(jdkNames);
                    probes.addAll(List.of("lab/x/Missing.class", "META-INF/services/lab.S", "lab/x/OnlyVersioned.class"));
                    for (String name : probes) {
                        JarEntry entry = jdk.getJarEntry(name);
                        Optional<String> expected = entry == null ? Optional.empty() : Optional.of(entry.getRealName());
                        assertEquals(expected, ours.entryName(name), name + " " + attribute + "@" + release);
                        if (entry != null && !entry.isDirectory()) {
                            assertArrayEquals(jdk.getInputStream(entry).readAllBytes(), ours.read(name).orElseThrow(),
                                    name + " " + attribute + "@" + release);
                        }
                    }
                }
            }
        }
    }

    @Test
    void atTheRuntimesReleaseTheNewestApplicableVersionWins() throws Exception {
        VersionedJar jar = VersionedJar.of(InMemoryJar.parse(layered("true").bytes()));
        assertTrue(jar.isMultiRelease());
        assertEquals(Optional.of("META-INF/versions/11/lab/x/A.class"), jar.entryName("lab/x/A.class"));
        assertEquals(Optional.of("META-INF/versions/21/lab/x/data.txt"), jar.entryName("lab/x/data.txt"));
        assertEquals(Optional.of("lab/x/B.class"), jar.entryName("lab/x/B.class"));
        assertFalse(jar.contains("META-INF/services/lab.S"), "service files are never versioned, as in the JDK");
    }

    @Test
    void aModuleDescriptorOnlyUnderVersionsMakesANamedModuleOfAMultiReleaseJarOnly() throws Exception {
        byte[] moduleInfo = JarBytes.moduleInfo("lab.mr", "1.2", JarMetadataReader.SERVICE, "lab.mr.Probe");
        JarBytes base = jar().classes("lab/mr/Probe.class").entry("META-INF/versions/11/module-info.class", moduleInfo);
        JarModule named = JarModuleReaderTest.module("whatever-9.9.jar", base.manifest("Multi-Release", "true"));
        assertFalse(named.descriptor().isAutomatic());
        assertEquals("lab.mr", named.descriptor().name());
        assertEquals("META-INF/versions/11/module-info.class", named.nameSource().what());
        JarModule plain = JarModuleReaderTest.module("whatever-9.9.jar",
                jar().classes("lab/mr/Probe.class").entry("META-INF/versions/11/module-info.class", moduleInfo));
        assertTrue(plain.descriptor().isAutomatic());
        assertEquals("whatever", plain.descriptor().name());
    }
}
