package capa.plugins.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.PluginMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may change trust, with real files and modes: every user may not; a group may. */
class LockPermissionsTest {

    @TempDir
    Path dir;
    Path rig;
    Path lock;
    Path journal;

    @BeforeEach
    void setUp() throws IOException {
        rig = Files.createDirectories(dir.resolve("rig"));
        chmod(rig, "rwxr-xr-x");
        lock = rig.resolve("plugins.lock");
        journal = rig.resolve("plugins.lock.journal");
        Files.writeString(lock, "version = 1\n");
        Files.writeString(journal, "");
        chmod(lock, "rw-r--r--");
        chmod(journal, "rw-r--r--");
    }

    private static void chmod(Path path, String permissions) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    /** The sticky bit has no {@code PosixFilePermission}; chmod(1) sets it. */
    private static void chmodOctal(Path path, String mode) throws Exception {
        Process chmod = new ProcessBuilder("chmod", mode, path.toString()).inheritIO().start();
        assertTrue(chmod.waitFor(30, TimeUnit.SECONDS) && chmod.exitValue() == 0, "chmod " + mode);
    }

    private List<String> problems(Path named) {
        return LockPermissions.problems(new LockLocation(named, true, List.of(named)));
    }

    @Test
    void ownerAndGroupWritableFilesAndDirectoriesAreFine() throws IOException {
        assertEquals(List.of(), problems(lock));
        chmod(lock, "rw-rw-r--");
        chmod(journal, "rw-rw----");
        chmod(rig, "rwxrwxr-x");
        assertEquals(List.of(), problems(lock));
    }

    @Test
    void aLockOrJournalEveryUserMayWriteIsAProblemWithTheFix() throws IOException {
        chmod(lock, "rw-r--rw-");
        assertEquals(List.of(lock.toRealPath() + ": plugins.lock is writable by every user (mode 0646), so anyone"
                + " could change what is trusted; fix: chmod o-w " + lock.toRealPath()), problems(lock));
        chmod(lock, "rw-r--r--");
        chmod(journal, "-w--w--w-");
        List<String> problems = problems(lock);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith(journal.toRealPath() + ": its journal is writable by every user"),
                problems.toString());
    }

    @Test
    void aDirectoryEveryUserMayWriteIsAProblemUnlessItIsSticky() throws Exception {
        chmodOctal(rig, "0777");
        List<String> problems = problems(lock);
        assertEquals(List.of(rig.toRealPath() + ": the directory of plugins.lock is writable by every user without"
                + " the sticky bit (mode 0777), so anyone could replace the lock or its journal; fix: chmod o-w "
                + rig.toRealPath()), problems);
        chmodOctal(rig, "1777");
        assertEquals(List.of(), problems(lock));
    }

    @Test
    void theDirectoryOfASymlinkToTheLockCountsToo() throws Exception {
        Path open = Files.createDirectories(dir.resolve("open"));
        chmodOctal(open, "0777");
        Path link = Files.createSymbolicLink(open.resolve("plugins.lock"), lock);
        List<String> problems = problems(link);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith(open + ": the directory of plugins.lock is writable"), problems.toString());
    }

    @Test
    void productionRefusesSuchALockAsUnusableAndDevReadsIt() throws IOException {
        chmod(lock, "rw-rw-rw-");
        LockLocation location = new LockLocation(lock, true, List.of(lock));
        String problem = assertInstanceOf(LockState.Unusable.class,
                LockfileReader.read(location, PluginMode.PRODUCTION)).problem();
        assertTrue(problem.contains("chmod o-w " + lock.toRealPath()), problem);
        assertTrue(problem.endsWith("production plugin mode trusts only a lock and journal that just their owners"
                + " (and group) may change"), problem);
        assertInstanceOf(LockState.Loaded.class, LockfileReader.read(location, PluginMode.DEV));
        chmod(lock, "rw-rw-r--");
        assertInstanceOf(LockState.Loaded.class, LockfileReader.read(location, PluginMode.PRODUCTION));
    }
}
