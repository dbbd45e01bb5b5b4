package capa.plugins.metadata;

import static capa.plugins.metadata.JarBytes.jar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.plugins.jar.InMemoryJar;
import capa.plugins.jar.JarFormatException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How a JAR becomes a module, and that every refusal blames the source of the bad value (file
 * name, manifest attribute, module-info.class, services file and line) with that source's fix.
 */
class JarModuleReaderTest {

    private static final String PROCEDURE = JarMetadataReader.SERVICE;

    static JarModule module(String fileName, JarBytes jar) throws NotAPluginException, JarFormatException {
        return JarModuleReader.read(fileName, VersionedJar.of(InMemoryJar.parse(jar.bytes())));
    }

    static String refusal(String fileName, JarBytes jar) {
        NotAPluginException e = assertThrows(NotAPluginException.class,
                () -> JarMetadataReader.read(fileName, InMemoryJar.parse(jar.bytes())));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    static JarBytes plugin() {
        return jar().classes("lab/probe/Probe.class").service(PROCEDURE, "lab.probe.Probe\n");
    }

    @Test
    void aHyphenInAutomaticModuleNameIsBlamedOnTheAttributeNotOnTheFileName() {
        String reason = refusal("lab-probe-2.0.jar", plugin().manifest("Automatic-Module-Name", "lab.amn-probe"));
        assertEquals("Automatic-Module-Name 'lab.amn-probe' in META-INF/MANIFEST.MF is not a legal module"
                + " name: 'amn-probe' holds a hyphen: use dots, not hyphens", reason);
    }

    @Test
    void everyIllegalAutomaticModuleNameIsBlamedOnTheAttribute() {
        for (String name : List.of("lab.amn-probe", "lab.int", "lab..x", ".lab", "lab.", "lab.2go", "lab x",
                "lab/x", "lab.x!", "", "lab.true", "lab._")) {
            String reason = refusal("good-1.0.jar", plugin().manifest("Automatic-Module-Name", name));
            assertTrue(reason.startsWith("Automatic-Module-Name '"), reason);
            assertTrue(reason.contains("is not a legal module name: "), reason);
            assertFalse(reason.contains("file name") || reason.contains("not a valid JAR"), reason);
        }
    }

    @Test
    void aFileNameThatYieldsNoLegalModuleNameSaysSoAndOffersBothFixes() {
        for (String fileName : List.of("lab-2go.jar", "class.jar", "lab-int-1.0.jar", "-1.0.jar", "9lives.jar",
                "___.jar")) {
            String reason = refusal(fileName, plugin());
            assertTrue(reason.startsWith("cannot derive a module name from the file name: '"), reason);
            assertTrue(reason.endsWith("; add Automatic-Module-Name to the manifest, or rename the file"), reason);
            assertFalse(reason.contains("not a valid JAR"), reason);
        }
        assertEquals("cannot derive a module name from the file name: 'lab.2go' is not a legal module name"
                + " ('2go' starts with a digit: each part must start with a letter); add Automatic-Module-Name"
                + " to the manifest, or rename the file", refusal("lab-2go.jar", plugin()));
    }

    @Test
    void theFileNameGivesNameAndVersionByTheJdksRuleWhateverTheExtensionsCase() throws Exception {
        JarModule module = module("LAB-PROBE-2.0.JAR", plugin());
        assertEquals("LAB.PROBE", module.descriptor().name());
        assertEquals(Optional.of("2.0"), module.descriptor().rawVersion());
        assertEquals(Optional.of(JarModule.Source.FILE_NAME), module.versionSource());
        assertEquals(Optional.of("2.0 (1)"), module("x-2.0 (1).jar", plugin()).descriptor().rawVersion());
        assertEquals(Optional.of("1.0-SNAPSHOT"), module("lab-probe-1.0-SNAPSHOT.jar", plugin()).descriptor().rawVersion());
    }

    @Test
    void aBadModuleInfoIsBlamedOnTheEntryItCameFrom() {
        String reason = refusal("p.jar", plugin().entry("module-info.class", new byte[] {1, 2, 3}));
        assertTrue(reason.startsWith("module-info.class is not a valid module descriptor ("), reason);
        assertTrue(reason.endsWith("): rebuild the module"), reason);
        String versioned = refusal("p.jar", plugin().manifest("Multi-Release", "true")
                .entry("META-INF/versions/11/module-info.class", new byte[] {1, 2, 3}));
        assertTrue(versioned.startsWith("META-INF/versions/11/module-info.class is not a valid module descriptor"),
                versioned);
    }

    @Test
    void aServicesFileLineIsNamedWithItsNumber() {
        assertEquals("META-INF/services/capa.api.Procedure line 3 lists 'lab.gone.Gone', which is not in the JAR:"
                + " list only classes the JAR holds", refusal("p-1.0.jar",
                jar().classes("lab/probe/Probe.class").service(PROCEDURE, "# providers\nlab.probe.Probe\nlab.gone.Gone\n")));
        assertEquals("META-INF/services/capa.api.Procedure line 1 lists 'lab.probe.int', which is not a class"
                + " name: 'int' is a Java keyword: use another word", refusal("p-1.0.jar",
                jar().classes("lab/probe/Probe.class").service(PROCEDURE, "lab.probe.int\r\n")));
    }

    @Test
    void anyServicesFileThatListsAMissingClassMakesTheJarNoModuleAsInTheJdk() {
        String reason = refusal("p-1.0.jar", plugin().service("java.sql.Driver", "lab.db.Driver\n"));
        assertEquals("META-INF/services/java.sql.Driver line 1 lists 'lab.db.Driver', which is not in the JAR:"
                + " list only classes the JAR holds", reason);
    }

    @Test
    void aClassInTheUnnamedPackageIsNamed() {
        assertEquals("Helper.class is in the unnamed package, which a module cannot hold: move it into a package",
                refusal("p-1.0.jar", plugin().classes("Helper.class")));
    }

    @Test
    void aManifestThatIsNoManifestIsBlamedOnTheManifest() {
        String reason = refusal("p-1.0.jar", plugin().entry("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nno colon here\r\n"));
        assertTrue(reason.startsWith("META-INF/MANIFEST.MF is not a valid manifest ("), reason);
        assertTrue(reason.endsWith("): fix the JAR's manifest"), reason);
    }

    @Test
    void aVersionThatTheLockCannotRecordIsBlamedOnItsSourceWithItsFix() {
        assertEquals("version '1.0\\u001b[2K' from Implementation-Version in META-INF/MANIFEST.MF holds a control"
                + " character (U+001B) at character 4, which plugins.lock cannot record: fix Implementation-Version"
                + " in the manifest, or put the version in the file name",
                refusal("lab-probe.jar", plugin().manifest("Implementation-Version", "1.0\u001b[2K")));
        String fromFileName = refusal("lab-probe-2.0\u202e1.jar", plugin());
        assertTrue(fromFileName.startsWith("version '2.0\\u202e1' from the file name holds an invisible formatting"
                + " character (U+202E)"), fromFileName);
        assertTrue(fromFileName.endsWith(": rename the file"), fromFileName);
        assertTrue(refusal("lab-probe.jar", plugin().manifest("Implementation-Version", "-"))
                .startsWith("version '-' from Implementation-Version"));
    }

    @Test
    void aModuleNameTheJdkAcceptsButTheLockCannotRecordIsRefused() {
        String reason = refusal("p-1.0.jar", plugin().manifest("Automatic-Module-Name", "lab.pro\u200bbe"));
        assertTrue(reason.startsWith("module name 'lab.pro\\u200bbe' from Automatic-Module-Name in META-INF/MANIFEST.MF"
                + " holds an invisible formatting character (U+200B)"), reason);
    }

    @Test
    void theShownVersionFallsBackToImplementationVersionForAnAutomaticModuleOnly() throws Exception {
        JarMetadata metadata = JarMetadataReader.read("lab-probe.jar",
                InMemoryJar.parse(plugin().manifest("Implementation-Version", " 3.1 ").bytes()));
        assertEquals("3.1", metadata.version());
        assertEquals(Optional.empty(), metadata.descriptor().rawVersion());
        JarMetadata fileWins = JarMetadataReader.read("lab-probe-2.0.jar",
                InMemoryJar.parse(plugin().manifest("Implementation-Version", "3.1").bytes()));
        assertEquals("2.0", fileWins.version());
    }
}
