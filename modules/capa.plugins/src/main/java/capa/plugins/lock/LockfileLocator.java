package capa.plugins.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds {@code plugins.lock} the same way for every command:
 * {@code --plugins-lock PATH} &gt; {@code $CAPA_PLUGINS_LOCK} &gt; {@code ./plugins.lock} &gt;
 * {@code $XDG_CONFIG_HOME/capa/plugins.lock} (or {@code $HOME/.config/capa/plugins.lock}).
 * A path given by the flag or the variable is final; otherwise the first candidate that exists
 * wins, and when none does the lock belongs at {@code ./plugins.lock}.
 */
public final class LockfileLocator {

    public static final String LOCK_VARIABLE = "CAPA_PLUGINS_LOCK";
    public static final String FILE_NAME = "plugins.lock";

    private LockfileLocator() {
    }

    /**
     * @param flagValue the {@code --plugins-lock} value, or {@code null} when not given
     * @param environment the process environment (only the variables named above are read)
     * @param workingDirectory the directory relative paths are resolved against
     * @throws IllegalArgumentException when the flag or variable holds an empty or invalid path
     */
    public static LockLocation locate(String flagValue, Map<String, String> environment,
                                      Path workingDirectory) {
        Path cwd = workingDirectory.toAbsolutePath().normalize();
        if (flagValue != null) {
            Path given = resolve(cwd, flagValue, "--plugins-lock");
            return new LockLocation(given, true, List.of(given));
        }
        String variable = environment.get(LOCK_VARIABLE);
        if (variable != null && !variable.isEmpty()) {
            Path given = resolve(cwd, variable, "$" + LOCK_VARIABLE);
            return new LockLocation(given, true, List.of(given));
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(cwd.resolve(FILE_NAME));
        Path configHome = configHome(environment, cwd);
        if (configHome != null) {
            candidates.add(configHome.resolve("capa").resolve(FILE_NAME).normalize());
        }
        Path chosen = candidates.stream().filter(Files::exists).findFirst()
                .orElse(candidates.getFirst());
        return new LockLocation(chosen, false, candidates);
    }

    /**
     * {@code $XDG_CONFIG_HOME}, else {@code $HOME/.config}. The XDG base-directory rules say a
     * relative {@code XDG_CONFIG_HOME} is invalid and must be ignored, so it is.
     */
    private static Path configHome(Map<String, String> environment, Path cwd) {
        Path xdg = absoluteOrNull(cwd, environment.get("XDG_CONFIG_HOME"));
        if (xdg != null) {
            return xdg;
        }
        Path home = absoluteOrNull(cwd, environment.get("HOME"));
        return home == null ? null : home.resolve(".config");
    }

    private static Path absoluteOrNull(Path cwd, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            Path path = cwd.getFileSystem().getPath(value);
            return path.isAbsolute() ? path.normalize() : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * The path without {@code .} and {@code ..}. A {@code ..} after a symbolic link leads to the
     * parent of the link's target, as the operating system reads the path, so a path with
     * {@code ..} takes its directory's real path; removing {@code ..} as text would name another
     * file than the one {@code cat} would show. When the directory does not exist, there is no
     * link to follow and the text is normalised.
     */
    private static Path withoutDotDot(Path path) {
        boolean dotDot = false;
        for (Path name : path) {
            dotDot |= name.toString().equals("..");
        }
        Path fileName = path.getFileName();
        if (!dotDot || path.getParent() == null || fileName == null || fileName.toString().equals("..")) {
            return path.normalize();
        }
        try {
            return path.getParent().toRealPath().resolve(fileName);
        } catch (IOException e) {
            return path.normalize();
        }
    }

    private static Path resolve(Path cwd, String value, String source) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(source + " is empty: give the path of plugins.lock");
        }
        try {
            return withoutDotDot(cwd.resolve(cwd.getFileSystem().getPath(value)));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(source + " '" + value + "' is not a valid path: "
                    + e.getReason());
        }
    }
}
