package capa.testkit;

import java.util.zip.CRC32;

/**
 * Forges a CRC-32 (the ZIP one, {@link CRC32}): sets four bytes of some data so that the whole
 * has a chosen CRC-32, the standard technique that works because the CRC is linear. For tests
 * of the kind "a forged class of the same name, length and CRC32 as a cached one".
 */
public final class Crc32Forge {

    private static final int POLYNOMIAL = 0xEDB88320;

    private Crc32Forge() {
    }

    /** The CRC-32 of {@code data}, as {@link CRC32} computes it. */
    public static int crc32(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return (int) crc.getValue();
    }

    /**
     * Overwrites {@code data[at..at+4)} so that {@code crc32(data) == target}; every other byte
     * stays as it is.
     */
    public static void force(byte[] data, int at, int target) {
        // The register before the four bytes, running forward from the start.
        int before = 0xFFFFFFFF;
        for (int i = 0; i < at; i++) {
            before = forwardByte(before, data[i]);
        }
        // The register the four bytes must leave, running backward from the end.
        int after = ~target;
        for (int i = data.length - 1; i >= at + 4; i--) {
            after = backwardByte(after, data[i]);
        }
        // Four bytes xor into the register, then 32 shifts: undo the shifts, then the xor.
        int word = after;
        for (int bit = 0; bit < 32; bit++) {
            word = backwardBit(word);
        }
        word ^= before;
        for (int i = 0; i < 4; i++) {
            data[at + i] = (byte) (word >>> (8 * i));
        }
    }

    private static int forwardByte(int crc, byte b) {
        crc ^= b & 0xFF;
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc >>> 1) ^ ((crc & 1) != 0 ? POLYNOMIAL : 0);
        }
        return crc;
    }

    private static int backwardByte(int crc, byte b) {
        for (int bit = 0; bit < 8; bit++) {
            crc = backwardBit(crc);
        }
        return crc ^ (b & 0xFF);
    }

    /** The register one shift earlier: its top bit says whether the polynomial was xored in. */
    private static int backwardBit(int crc) {
        return crc < 0 ? ((crc ^ POLYNOMIAL) << 1) | 1 : crc << 1;
    }
}
