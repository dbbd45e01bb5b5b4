package capa.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.base.DistributionHash;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The digest comparison the gate rests on, at its edges. */
class DistributionHashNearMissTest {

    static final String DIGEST = "sha256:" + HexFormat.of().formatHex(sha256("capa"));

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aDigestMatchesItselfInEitherCase() {
        DistributionHash hash = DistributionHash.parse(DIGEST);
        assertTrue(hash.matches(DistributionHash.parse(DIGEST)));
        assertTrue(hash.matches(DistributionHash.parse(DIGEST.toUpperCase().replace("SHA256", "sha256"))));
        assertTrue(hash.matches(DistributionHash.sha256(sha256("capa"))));
    }

    @Test
    void aDigestDifferingInAnyOneHexDigitDoesNotMatch() {
        DistributionHash hash = DistributionHash.parse(DIGEST);
        var misses = NearMiss.digests(DIGEST);
        assertEquals(64, misses.size());
        for (String miss : misses) {
            assertFalse(hash.matches(DistributionHash.parse(miss)), miss);
            assertFalse(DistributionHash.parse(miss).matches(hash), miss);
        }
    }

    @Test
    void aDigestOneHexDigitShortOrLongIsRefused() {
        String hex = DIGEST.substring("sha256:".length());
        for (String bad : new String[] {hex.substring(1), hex + "0", hex.substring(0, 63) + "g"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DistributionHash.parse("sha256:" + bad));
            assertTrue(e.getMessage().contains("64"), e.getMessage());
        }
    }
}
