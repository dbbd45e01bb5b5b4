package capa.base;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A digest of a plugin's distribution, written {@code sha256:<64 hex>}: the SHA-256 of the
 * JAR file's bytes, which is what capa computes, shows, writes to {@code plugins.lock} and its
 * journal, and records in run manifests.
 *
 * <p>{@code sha512:} is refused with a message saying what to write instead: capa never
 * computes SHA-512, so a correct SHA-512 digest could only ever fail as a hash mismatch, and a
 * lock that names two algorithms would make its drift and journal lines compare digests that
 * cannot be compared by eye (docs/decisions.md).
 *
 * @param algorithm {@code sha256}
 * @param hex the digest in lowercase hex, 64 digits
 */
public record DistributionHash(String algorithm, String hex) {

    private static final HexFormat HEX = HexFormat.of();

    public DistributionHash {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        int expected = switch (algorithm) {
            case "sha256" -> 64;
            case "sha512" -> throw new IllegalArgumentException("sha512 digests are not accepted: capa pins"
                    + " a plugin by the SHA-256 of its JAR, the digest 'capa plugins list --full-hash' shows;"
                    + " write sha256:<64 hex digits> (sha256sum <jar>), or let 'capa plugins trust <id>'"
                    + " write the entry");
            default -> throw new IllegalArgumentException(
                    "unsupported hash algorithm '" + algorithm + "': use sha256");
        };
        if (hex.length() != expected || !isLowerHex(hex)) {
            throw new IllegalArgumentException("malformed " + algorithm + " digest: expected "
                    + expected + " hex digits after '" + algorithm + ":'");
        }
    }

    /**
     * Parses {@code sha256:<64 hex>}. Hex is accepted in either case and kept in lowercase.
     *
     * @throws IllegalArgumentException naming what is wrong and what to write instead
     */
    public static DistributionHash parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("malformed digest '" + text
                    + "': expected sha256:<64 hex digits>");
        }
        return new DistributionHash(text.substring(0, colon),
                text.substring(colon + 1).toLowerCase(Locale.ROOT));
    }

    /** A SHA-256 digest from its raw bytes. */
    public static DistributionHash sha256(byte[] digest) {
        return new DistributionHash("sha256", HEX.formatHex(digest));
    }

    /**
     * Compares two digests in time that does not depend on where they first differ, so that a
     * caller cannot learn a trusted digest byte by byte.
     */
    public boolean matches(DistributionHash other) {
        return algorithm.equals(other.algorithm)
                && MessageDigest.isEqual(HEX.parseHex(hex), HEX.parseHex(other.hex));
    }

    /** The form written to {@code plugins.lock}: {@code sha256:<hex>}. */
    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    /** The first {@code hexDigits} digits followed by an ellipsis, as the table shows them. */
    public String abbreviated(int hexDigits) {
        return hexDigits >= hex.length() ? toString()
                : algorithm + ":" + hex.substring(0, hexDigits) + "\u2026";
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
