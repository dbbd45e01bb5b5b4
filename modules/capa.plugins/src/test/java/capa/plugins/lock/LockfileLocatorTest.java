package capa.plugins.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LockfileLocatorTest {

    private FileSystem fs;
    private Path cwd;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        cwd = Files.createDirectories(fs.getPath("/lab/rig"));
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    @Test
    void flagWinsOverEverythingEvenWhenItDoesNotExist() throws IOException {
        Files.writeString(cwd.resolve("plugins.lock"), "version = 1\n");
        LockLocation location = LockfileLocator.locate("locks/../other.lock",
                Map.of("CAPA_PLUGINS_LOCK", "/etc/capa/plugins.lock"), cwd);
        assertEquals(fs.getPath("/lab/rig/other.lock"), location.path());
        assertTrue(location.explicit());
        assertEquals(List.of(location.path()), location.candidates());
    }

    @Test
    void variableWinsOverWorkingDirectoryAndConfigHome() throws IOException {
        Files.writeString(cwd.resolve("plugins.lock"), "version = 1\n");
        LockLocation location = LockfileLocator.locate(null,
                Map.of("CAPA_PLUGINS_LOCK", "/etc/capa/plugins.lock"), cwd);
        assertEquals(fs.getPath("/etc/capa/plugins.lock"), location.path());
        assertTrue(location.explicit());
    }

    @Test
    void emptyVariableCountsAsUnset() {
        LockLocation location = LockfileLocator.locate(null, Map.of("CAPA_PLUGINS_LOCK", ""), cwd);
        assertFalse(location.explicit());
        assertEquals(cwd.resolve("plugins.lock"), location.path());
    }

    @Test
    void workingDirectoryLockWinsOverConfigHome() throws IOException {
        Files.writeString(cwd.resolve("plugins.lock"), "version = 1\n");
        Path xdg = Files.createDirectories(fs.getPath("/home/lab/.cfg/capa")).resolve("plugins.lock");
        Files.writeString(xdg, "version = 1\n");
        LockLocation location = LockfileLocator.locate(null,
                Map.of("XDG_CONFIG_HOME", "/home/lab/.cfg"), cwd);
        assertEquals(cwd.resolve("plugins.lock"), location.path());
        assertEquals(List.of(cwd.resolve("plugins.lock"), xdg), location.candidates());
    }

    @Test
    void configHomeLockIsUsedWhenWorkingDirectoryHasNone() throws IOException {
        Path xdg = Files.createDirectories(fs.getPath("/home/lab/.cfg/capa")).resolve("plugins.lock");
        Files.writeString(xdg, "version = 1\n");
        LockLocation location = LockfileLocator.locate(null,
                Map.of("XDG_CONFIG_HOME", "/home/lab/.cfg", "HOME", "/home/lab"), cwd);
        assertEquals(xdg, location.path());
        assertFalse(location.explicit());
    }

    @Test
    void homeDotConfigIsUsedWhenXdgConfigHomeIsUnsetOrEmpty() throws IOException {
        Path lock = Files.createDirectories(fs.getPath("/home/lab/.config/capa")).resolve("plugins.lock");
        Files.writeString(lock, "version = 1\n");
        assertEquals(lock, LockfileLocator.locate(null, Map.of("HOME", "/home/lab"), cwd).path());
        assertEquals(lock, LockfileLocator.locate(null,
                Map.of("HOME", "/home/lab", "XDG_CONFIG_HOME", ""), cwd).path());
    }

    @Test
    void relativeXdgConfigHomeIsIgnoredAsTheXdgRulesSay() {
        LockLocation location = LockfileLocator.locate(null,
                Map.of("HOME", "/home/lab", "XDG_CONFIG_HOME", "cfg"), cwd);
        assertEquals(List.of(cwd.resolve("plugins.lock"),
                fs.getPath("/home/lab/.config/capa/plugins.lock")), location.candidates());
    }

    @Test
    void whenNoLockExistsTheLockBelongsInTheWorkingDirectory() {
        LockLocation location = LockfileLocator.locate(null, Map.of("HOME", "/home/lab"), cwd);
        assertEquals(cwd.resolve("plugins.lock"), location.path());
        assertEquals(2, location.candidates().size());
    }

    @Test
    void withoutHomeOnlyTheWorkingDirectoryIsACandidate() {
        LockLocation location = LockfileLocator.locate(null, Map.of(), cwd);
        assertEquals(List.of(cwd.resolve("plugins.lock")), location.candidates());
    }

    @Test
    void emptyFlagIsRefusedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LockfileLocator.locate(" ", Map.of(), cwd));
        assertTrue(e.getMessage().contains("--plugins-lock"), e.getMessage());
    }

    @Test
    void journalSitsNextToTheLock() {
        LockLocation location = LockfileLocator.locate("/etc/capa/rig.lock", Map.of(), cwd);
        assertEquals(fs.getPath("/etc/capa/rig.lock.journal"), location.journal());
    }
}
