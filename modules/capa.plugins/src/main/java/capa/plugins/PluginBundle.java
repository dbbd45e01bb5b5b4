package capa.plugins;

import capa.base.DistributionHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A plugin bundle: a directory directly inside a plugin directory that holds the plugin's JAR
 * and its libraries' JARs, which load together into one layer under one digest.
 *
 * <p>The bundle's JARs are its entries named {@code *.jar} (any letter case) directly in the
 * directory, except hidden ones (a name starting with {@code .}), which a shell's
 * {@code *.jar} does not match either. Subdirectories and other files are not part of the
 * bundle: they are neither read nor hashed, so a {@code lib/} subdirectory of JARs is not
 * loaded (the rejection for a missing {@code requires} says which JAR to add).
 *
 * <p>A bundle holds at most {@link #MAX_JARS} JARs, counted before any is read: each JAR is a
 * module of the bundle's one layer, and a JAR without {@code module-info} is an automatic
 * module that reads every other module, so resolving and defining the layer costs time and
 * memory that grow with the square of the number of JARs.
 *
 * @param directory the bundle's directory
 * @param jars its JARs, ordered as {@link #digest} hashes them: by the UTF-8 bytes of their names
 */
record PluginBundle(Path directory, List<Path> jars) {

    /** A bundle that cannot be examined at all; {@link #rejection()} says why, on one line. */
    static final class RejectedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Rejection rejection;

        RejectedException(Rejection rejection) {
            super(rejection.line(), null, false, false);
            this.rejection = rejection;
        }

        Rejection rejection() {
            return rejection;
        }
    }

    /**
     * Whether this JVM reads file names as UTF-8 ({@code sun.jnu.encoding}, from the locale):
     * only then is a non-ASCII name's UTF-8 encoding the bytes that {@code sha256sum} prints.
     */
    private static final boolean UTF8_FILE_NAMES =
            "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"));

    private static final Comparator<String> BYTEWISE = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /**
     * The most JARs a bundle may hold: real plugins need a few dozen libraries (a large
     * application a few hundred); 256 automatic modules resolve in well under a second and a
     * few MB of heap, where thousands take minutes and gigabytes.
     */
    static final int MAX_JARS = 256;

    PluginBundle {
        jars = List.copyOf(jars);
    }

    /** The directory's name: the subject of the bundle's rejections. */
    String name() {
        return name(directory);
    }

    /**
     * {@code directory}'s last name, or the whole path for one that has none ({@code /},
     * which {@code plugins check /} may be given).
     */
    static String name(Path directory) {
        Path last = directory.getFileName();
        return last != null ? last.toString() : directory.toString();
    }

    /**
     * Lists {@code directory}'s JARs.
     *
     * @throws RejectedException when there are more than {@link #MAX_JARS} JARs, a JAR cannot be
     *     read as a file or has a name that {@code sha256sum} would escape, or there is no JAR at all
     */
    static PluginBundle list(Path directory) throws RejectedException {
        String name = name(directory);
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            // Counted before any JAR is read or even checked, and the listing stops at the first
            // JAR over the limit: a directory of a million JARs costs no more than one of 257.
            List<Path> candidates = entries.filter(entry -> {
                String fileName = entry.getFileName().toString();
                return !fileName.startsWith(".") && PluginDiscovery.isJarName(fileName);
            }).limit(MAX_JARS + 1L).toList();
            if (candidates.size() > MAX_JARS) {
                throw new RejectedException(new Rejection(name, Rejection.Kind.INVALID_BUNDLE,
                        "more than " + MAX_JARS + " JARs, capa's limit for a bundle (each JAR is a module of the"
                                + " bundle's one layer): keep only the libraries the plugin needs, or merge them"
                                + " into fewer JARs"));
            }
            for (Path entry : candidates) {
                String fileName = entry.getFileName().toString();
                String subject = name + "/" + fileName;
                String badName = nameProblem(fileName);
                if (badName != null) {
                    throw new RejectedException(new Rejection(subject, Rejection.Kind.INVALID_BUNDLE, badName));
                }
                String unreadable = PluginDiscovery.unreadable(entry);
                if (unreadable != null) {
                    throw new RejectedException(new Rejection(subject, Rejection.Kind.UNREADABLE,
                            "cannot be read: " + unreadable));
                }
                jars.add(entry);
            }
        } catch (IOException e) {
            throw new RejectedException(new Rejection(name, Rejection.Kind.UNREADABLE,
                    "bundle directory cannot be read (" + e.getClass().getSimpleName() + ")"));
        }
        if (jars.isEmpty()) {
            throw new RejectedException(new Rejection(name, Rejection.Kind.INVALID_BUNDLE,
                    "a directory with no JAR: a plugin bundle holds the plugin's JAR and its libraries' JARs"
                            + " directly in it; add them, or remove the directory"));
        }
        jars.sort(Comparator.comparing(p -> p.getFileName().toString(), BYTEWISE));
        return new PluginBundle(directory, jars);
    }

    /**
     * The bundle's digest from its JARs' names and SHA-256 digests, in {@link #jars()} order:
     * the SHA-256 of the lines {@code <hex>  <name>\n}, which is what
     * {@code cd BUNDLE && sha256sum *.jar | LC_ALL=C sort -k2 | sha256sum} prints.
     */
    static DistributionHash digest(List<String> names, List<byte[]> sha256s) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < names.size(); i++) {
            digest.update((hex.formatHex(sha256s.get(i)) + "  " + names.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return DistributionHash.sha256(digest.digest());
    }

    /**
     * Why {@code fileName} cannot be part of a bundle's digest, or {@code null}: a name that
     * {@code sha256sum} prints escaped (a backslash, a line break; every control character is
     * refused) or that this JVM cannot read back as the bytes on disk would make the documented
     * command disagree with capa.
     */
    static String nameProblem(String fileName) {
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                return "a backslash or control character in a bundle's file name, which sha256sum would"
                        + " print escaped, so the bundle's digest could not be checked with it: rename the JAR";
            }
            if (c == '\uFFFD' || (c >= 0x80 && !UTF8_FILE_NAMES)) {
                return "a file name capa cannot read as the UTF-8 bytes on disk (not UTF-8, or capa runs under a"
                        + " locale that is not UTF-8, such as LANG=C: use LANG=C.UTF-8), so the bundle's digest"
                        + " could not be checked with sha256sum: rename the JAR to ASCII, or fix the locale";
            }
        }
        return null;
    }
}
