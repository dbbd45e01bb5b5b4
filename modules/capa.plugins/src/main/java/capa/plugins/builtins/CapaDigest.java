package capa.plugins.builtins;

import capa.base.DistributionHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The distribution hash of capa's builtins: one SHA-256 over the canonical content of capa's
 * own modules, so that it changes exactly when capa's code does. Computed on first use and
 * only once per process.
 *
 * <p>Canonical content: for each of capa's modules in the boot layer ({@code capa} and
 * {@code capa.*}: the API, the builtins, and all that reads, gates, binds and runs them), in
 * name order, and for each of its
 * resources in sorted name order: the module name, a NUL, the resource name, a NUL, the
 * content length as 8 big-endian bytes, then the content. The framing makes the digest
 * unambiguous; the order makes it independent of how the image stores the modules.
 *
 * <p>Reading and hashing capa's own classes costs tens of milliseconds at every start, so the
 * image build runs {@link #main} once and keeps the result in {@code lib/capa-builtins.digest}
 * ({@value #IMAGE_FILE}); a process started by {@code bin/capa} reads it from there. The file
 * is part of the image, like the modules it describes: whoever can change it can change those
 * too. Outside an image (tests, a development run) the digest is computed.
 */
public final class CapaDigest {


    /** Where the image keeps the digest, relative to the image ({@code capa.home}). */
    static final String IMAGE_FILE = "lib/capa-builtins.digest";

    private CapaDigest() {
    }

    public static DistributionHash get() {
        return Holder.DIGEST;
    }

    private static final class Holder {
        static final DistributionHash DIGEST = fromImage().orElseGet(CapaDigest::compute);
    }

    /**
     * Prints the digest computed from the running image's modules, which the image build
     * keeps; with {@code --modules}, the names of the modules it covers, one per line. Run it
     * with {@code --add-modules ALL-SYSTEM}, so that every module of the image is in the boot
     * layer, as every capa module is when {@code bin/capa} runs.
     */
    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--modules")) {
            modules().forEach(System.out::println);
        } else {
            System.out.println(compute());
        }
    }

    /** The modules the digest covers: capa's own in the boot layer, by name. */
    static List<String> modules() {
        return ModuleLayer.boot().modules().stream()
                .map(Module::getName)
                .filter(name -> name.equals("capa") || name.startsWith("capa."))
                .sorted()
                .toList();
    }

    private static Optional<DistributionHash> fromImage() {
        String home = System.getProperty("capa.home");
        if (home == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(DistributionHash.parse(Files.readString(Path.of(home, IMAGE_FILE)).strip()));
        } catch (IOException | IllegalArgumentException e) {
            // No file, or a damaged one: the digest is still known, it only costs its time.
            return Optional.empty();
        }
    }

    private static DistributionHash compute() {
        MessageDigest sha256 = sha256();
        for (String name : modules()) {
            ResolvedModule module = ModuleLayer.boot().configuration().findModule(name).orElseThrow();
            try (ModuleReader reader = module.reference().open();
                 Stream<String> resources = reader.list()) {
                for (String resource : resources.filter(r -> !r.endsWith("/")).sorted().toList()) {
                    Optional<InputStream> in = reader.open(resource);
                    if (in.isEmpty()) {
                        continue;
                    }
                    byte[] content;
                    try (InputStream stream = in.get()) {
                        content = stream.readAllBytes();
                    }
                    sha256.update(name.getBytes(StandardCharsets.UTF_8));
                    sha256.update((byte) 0);
                    sha256.update(resource.getBytes(StandardCharsets.UTF_8));
                    sha256.update((byte) 0);
                    for (int shift = 56; shift >= 0; shift -= 8) {
                        sha256.update((byte) ((long) content.length >>> shift));
                    }
                    sha256.update(content);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read capa's own module " + name, e);
            }
        }
        return DistributionHash.sha256(sha256.digest());
    }

    /** A fresh SHA-256 digest, cloned from a prototype: looking the algorithm up costs more. */
    public static MessageDigest sha256() {
        try {
            return (MessageDigest) Sha256Prototype.DIGEST.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static final class Sha256Prototype {
        static final MessageDigest DIGEST = newSha256();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }
}
