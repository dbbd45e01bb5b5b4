package capa.plugins.metadata;

import capa.plugins.jar.InMemoryJar;
import capa.plugins.jar.JarFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * A JAR as the running JDK sees it: the one place where a name such as
 * {@code module-info.class} or {@code lab/x/Probe.class} becomes the entry that is read.
 * Descriptor, packages, provider classes for the contract check and classes and resources
 * defined in the plugin's layer all resolve names here, so each of them reads the same
 * entry of the same hashed bytes.
 *
 * <p>For a multi-release JAR (main manifest attribute {@code Multi-Release: true}) this
 * follows {@link java.util.jar.JarFile} opened at {@link Runtime#version()}: a name resolves
 * to {@code META-INF/versions/N/<name>} for the largest {@code N} from 8 up to the runtime's
 * feature version that has it (a file, not a directory), else to the base entry. Names under
 * {@code META-INF/} (the manifest, service files) are never versioned, as in the JDK. The
 * listing ({@link #names()}) is {@code JarFile.versionedStream()}'s: base names of every
 * applicable entry, once each, entries under {@code META-INF/versions/} that apply to no
 * version up to the runtime's left out. Any other JAR reads as written.
 */
public final class VersionedJar {

    static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final String META_INF = "META-INF/";
    private static final String VERSIONS = "META-INF/versions/";
    /** The first release with versioned entries is 9; {@code JarFile} looks down to 8, its base. */
    private static final int BASE_RELEASE = 8;

    private final InMemoryJar jar;
    private final int release;
    private final Attributes manifest;
    private final String manifestProblem;
    private final boolean multiRelease;
    /** Base name to the versioned entry that wins, for a multi-release JAR; else empty. */
    private final Map<String, String> versioned;

    private VersionedJar(InMemoryJar jar, int release, Attributes manifest, String manifestProblem,
                         boolean multiRelease, Map<String, String> versioned) {
        this.jar = jar;
        this.release = release;
        this.manifest = manifest;
        this.manifestProblem = manifestProblem;
        this.multiRelease = multiRelease;
        this.versioned = versioned;
    }

    /**
     * {@code jar} as the running JDK reads it.
     *
     * @throws JarFormatException when the manifest's bytes cannot be read from the archive
     */
    public static VersionedJar of(InMemoryJar jar) throws JarFormatException {
        return of(jar, Runtime.version().feature());
    }

    /**
     * {@code jar} as a JDK of feature version {@code release} reads it.
     *
     * @throws JarFormatException when the manifest's bytes cannot be read from the archive
     */
    public static VersionedJar of(InMemoryJar jar, int release) throws JarFormatException {
        Attributes manifest = new Attributes();
        String problem = null;
        Optional<String> entry = manifestEntry(jar.names());
        Optional<byte[]> bytes = entry.isPresent() ? jar.read(entry.get()) : Optional.empty();
        if (bytes.isPresent()) {
            try {
                manifest = new Manifest(new ByteArrayInputStream(bytes.get())).getMainAttributes();
            } catch (IOException | RuntimeException e) {
                // JarFile treats such a JAR as not multi-release; only a reader of the
                // manifest's attributes (an automatic module) fails on it.
                problem = JarModuleReader.printable(e.getMessage());
            }
        }
        boolean multiRelease = bytes.isPresent() && saysMultiReleaseTrue(bytes.get())
                && Boolean.parseBoolean(manifest.getValue(Attributes.Name.MULTI_RELEASE));
        Map<String, String> versioned = multiRelease ? versionedEntries(jar.names(), release) : Map.of();
        return new VersionedJar(jar, release, manifest, problem, multiRelease, versioned);
    }

    /**
     * Whether the manifest's bytes hold {@code Multi-Release: true} on one line, in any letter
     * case: {@code JarFile} reads the attribute only after finding these bytes, so a value
     * split over a continuation line ({@code Multi-Release: tr}, then {@code " ue"}), true to
     * the manifest format, leaves a JAR single-release for the JDK, and must for capa too, or the
     * JDK's tools would show other classes than capa runs.
     */
    private static boolean saysMultiReleaseTrue(byte[] manifest) {
        byte[] wanted = "\nmulti-release: true".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int at = 0; at + wanted.length <= manifest.length; at++) {
            for (int i = 0; i < wanted.length; i++) {
                int c = manifest[at + i];
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                if (c != wanted[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * The manifest's entry: as {@code java.util.zip.ZipFile} finds it, the last
     * {@code META-INF/MANIFEST.MF} in any letter case of the file name (capa keeps only
     * entries under {@code META-INF/} as written, so the directory's case must match).
     */
    private static Optional<String> manifestEntry(Collection<String> names) {
        String found = null;
        for (String name : names) {
            if (name.length() == MANIFEST.length() && name.startsWith(META_INF)
                    && name.regionMatches(true, META_INF.length(), MANIFEST, META_INF.length(), 11)) {
                found = name;
            }
        }
        return Optional.ofNullable(found);
    }

    private static Map<String, String> versionedEntries(Collection<String> names, int release) {
        Map<String, String> winners = new HashMap<>();
        Map<String, Integer> winningVersion = new HashMap<>();
        for (String name : names) {
            int version = versionOf(name);
            if (version < BASE_RELEASE || version > release) {
                continue;
            }
            String base = name.substring(name.indexOf('/', VERSIONS.length()) + 1);
            if (base.startsWith(META_INF)) {
                continue;
            }
            Integer best = winningVersion.get(base);
            if (best == null || version > best) {
                winningVersion.put(base, version);
                winners.put(base, name);
            }
        }
        return Map.copyOf(winners);
    }

    /**
     * The {@code N} of a file {@code META-INF/versions/N/<name>}, or 0 when {@code entry} is
     * none: as {@code java.util.zip.ZipFile} reads it, decimal digits without a leading zero.
     */
    private static int versionOf(String entry) {
        if (!entry.startsWith(VERSIONS) || entry.endsWith("/")) {
            return 0;
        }
        int slash = entry.indexOf('/', VERSIONS.length());
        if (slash < 0 || slash == VERSIONS.length() || slash == entry.length() - 1
                || entry.charAt(VERSIONS.length()) == '0' || slash - VERSIONS.length() > 9) {
            return 0;
        }
        int version = 0;
        for (int i = VERSIONS.length(); i < slash; i++) {
            char c = entry.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            version = version * 10 + (c - '0');
        }
        return version;
    }

    /** Whether the JAR is read as multi-release: its manifest says {@code Multi-Release: true}. */
    public boolean isMultiRelease() {
        return multiRelease;
    }

    /** The feature version whose view this is. */
    public int release() {
        return release;
    }

    /**
     * The manifest's main attributes, empty when there is no manifest.
     *
     * @throws NotAPluginException when the manifest is not a valid manifest
     */
    public Attributes manifest() throws NotAPluginException {
        if (manifestProblem != null) {
            throw new NotAPluginException(NotAPluginException.Kind.INVALID_JAR, MANIFEST + " is not a valid manifest (" + manifestProblem
                    + "): fix the JAR's manifest");
        }
        return manifest;
    }

    /** The entry that {@code name} reads, if any: a versioned one, or {@code name} itself. */
    public Optional<String> entryName(String name) {
        String entry = versioned.get(name);
        if (entry != null) {
            return Optional.of(entry);
        }
        return jar.contains(name) ? Optional.of(name) : Optional.empty();
    }

    public boolean contains(String name) {
        return versioned.containsKey(name) || jar.contains(name);
    }

    /**
     * The content of the entry {@code name} resolves to.
     *
     * @throws JarFormatException when the entry's data is corrupt or truncated
     */
    public Optional<byte[]> read(String name) throws JarFormatException {
        Optional<String> entry = entryName(name);
        return entry.isEmpty() ? Optional.empty() : jar.read(entry.get());
    }

    /**
     * Every name the JAR answers to, directories included, in central-directory order of
     * their first appearance: as {@code JarFile.versionedStream()} lists them.
     */
    public List<String> names() {
        if (!multiRelease) {
            return List.copyOf(jar.names());
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : jar.names()) {
            if (!name.startsWith(VERSIONS)) {
                names.add(name);
                continue;
            }
            int slash = name.indexOf('/', VERSIONS.length());
            if (slash < 0 || slash == name.length() - 1 || !appliesUpTo(name, slash)) {
                continue;
            }
            String base = name.substring(slash + 1);
            if (contains(base)) {
                names.add(base);
            }
        }
        return new ArrayList<>(names);
    }

    /** {@code JarFile.getBasename}'s test: the directory's number parses and is at most the release. */
    private boolean appliesUpTo(String name, int slash) {
        try {
            return Integer.parseInt(name, VERSIONS.length(), slash, 10) <= release;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
