package capa.plugins.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may change trust. Whoever can write {@code plugins.lock} or its journal, or replace them
 * in their directory, can let any JAR through the gate. Like sshd's {@code StrictModes} for key
 * files, capa refuses in production a lock or journal that every user may write, and one in a
 * directory every user may write without the sticky bit (there anyone may rename a file away
 * and put another in its place). Group-writable stays allowed: lab leads share trust through a
 * group.
 *
 * <p>The directories checked are the real file's and, when the lock is reached through a
 * symbolic link, the link's own (whoever may write there may point the link elsewhere). On a
 * file system without Unix modes nothing is checked.
 */
public final class LockPermissions {

    private static final int OTHERS_WRITE = 0002;
    private static final int STICKY = 01000;

    private LockPermissions() {
    }

    /**
     * Every way the lock at {@code location} and its journal are open to every user, one line
     * each with the fix; empty when they are not. Files that do not exist are not checked.
     */
    public static List<String> problems(LockLocation location) {
        List<String> problems = new ArrayList<>();
        Path named = location.path();
        if (!Files.exists(named)) {
            return problems;
        }
        Path real;
        try {
            real = location.realPath();
        } catch (IOException e) {
            return problems;
        }
        Path journal = LockLocation.journalOf(real);
        checkFile(real, "plugins.lock", problems);
        if (Files.exists(journal)) {
            checkFile(journal, "its journal", problems);
        }
        Set<Path> directories = new LinkedHashSet<>();
        directories.add(real.getParent());
        directories.add(named.getParent());
        for (Path directory : directories) {
            checkDirectory(directory, real, problems);
        }
        return problems;
    }

    private static void checkFile(Path file, String what, List<String> problems) {
        Integer mode = mode(file);
        if (mode != null && (mode & OTHERS_WRITE) != 0) {
            problems.add(file + ": " + what + " is writable by every user (mode " + octal(mode)
                    + "), so anyone could change what is trusted; fix: chmod o-w " + file);
        }
    }

    private static void checkDirectory(Path directory, Path lock, List<String> problems) {
        Integer mode = mode(directory);
        if (mode != null && (mode & OTHERS_WRITE) != 0 && (mode & STICKY) == 0) {
            problems.add(directory + ": the directory of " + lock.getFileName() + " is writable by every"
                    + " user without the sticky bit (mode " + octal(mode) + "), so anyone could replace the"
                    + " lock or its journal; fix: chmod o-w " + directory);
        }
    }

    /** The Unix mode bits, following symbolic links; {@code null} where there are none. */
    private static Integer mode(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:mode");
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return null;
        }
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }
}
