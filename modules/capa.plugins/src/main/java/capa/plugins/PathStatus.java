package capa.plugins;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * What the file system says of a path named as a plugin (an entry of a plugin directory, or a
 * path given to {@code plugins check}): its attributes, following symbolic links, or why it has
 * none, in words an operator can act on.
 */
public sealed interface PathStatus {

    /** The path leads to something; what it is, is in {@code attributes}. */
    record Present(BasicFileAttributes attributes) implements PathStatus {
    }

    /**
     * Nothing is there.
     *
     * @param brokenLink whether a symbolic link is there, pointing to nothing
     */
    record Missing(boolean brokenLink) implements PathStatus {
    }

    /**
     * The attributes cannot be read.
     *
     * @param reason one line, lower case, in the operating system's words ({@code permission
     *     denied}), a link loop named as one
     */
    record Unreadable(String reason) implements PathStatus {
    }

    /** How the JDK words ELOOP, lower-cased: on Linux, a loop of symbolic links. */
    String LOOP = "too many levels of symbolic links";

    /** Reads the attributes of {@code path}; never throws for anything the file system answers. */
    static PathStatus of(Path path) {
        try {
            return new Present(Files.readAttributes(path, BasicFileAttributes.class));
        } catch (NoSuchFileException e) {
            return new Missing(Files.isSymbolicLink(path));
        } catch (AccessDeniedException e) {
            return new Unreadable("permission denied");
        } catch (FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason().toLowerCase(Locale.ROOT) : e.getClass().getSimpleName();
            return new Unreadable(reason.startsWith(LOOP) ? "symbolic link loop (" + LOOP + ")" : reason);
        } catch (IOException e) {
            return new Unreadable(e.getClass().getSimpleName());
        }
    }
}
