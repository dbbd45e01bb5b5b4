package capa.plugins.jar;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A ZIP archive's central directory: the one place capa takes entry names, sizes and offsets
 * from (as {@code java.util.zip} does). The directory is found as {@code java.util.zip.ZipFile}
 * finds it: from the end record (and the ZIP64 end record its locator points to), the central
 * directory being the {@code size} bytes right before that record. Bytes in front of the ZIP
 * data (an executable script, a self-extractor stub) are then the difference between where the
 * directory is and where the end record says it is, and every local header offset is shifted
 * by that much; an archive whose offsets already count those bytes ({@code zip -A}) has none.
 *
 * <p>Entry names are validated here, up front: a name with {@code ..}, a leading {@code /}, a
 * backslash, a drive letter or a NUL, or that is not UTF-8, makes the whole JAR invalid, as do
 * sizes and offsets that the file cannot hold and inflation ratios only a zip bomb has.
 *
 * @param offset where the central directory starts in the file; from there to the file's end
 *     lie the directory, the ZIP64 end records if any, the end record and its comment
 * @param entries by name, in central-directory order, directories included; local header
 *     offsets are positions in the file (any bytes before the ZIP data counted)
 */
record ZipDirectory(long offset, Map<String, Entry> entries) {

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_END_SIGNATURE = 0x06064b50;
    private static final int CEN_SIGNATURE = 0x02014b50;
    static final int LOC_SIGNATURE = 0x04034b50;
    static final int LOC_SIZE = 30;
    private static final int CEN_SIZE = 46;
    private static final int EOCD_SIZE = 22;
    private static final int ZIP64_LOCATOR_SIZE = 20;
    private static final int ZIP64_END_SIZE = 56;
    private static final int ZIP64_EXTRA_TAG = 0x0001;
    private static final long MAGIC32 = 0xFFFFFFFFL;
    private static final int MAGIC16 = 0xFFFF;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int MAX_ENTRY_SIZE = Integer.MAX_VALUE - 8;
    private static final int MAX_NAME_SHOWN = 200;

    /**
     * The highest inflation ratio (uncompressed to compressed size) capa reads, once an entry
     * is larger than {@link #BOMB_GRACE}. The JARs of a whole Maven repository stay below 20:1;
     * deflate reaches about 1030:1 on runs of one byte, which is what a zip bomb is made of.
     * Apache POI refuses the same ratio ({@code ZipSecureFile}'s minimum inflate ratio 0.01).
     */
    static final int MAX_INFLATION_RATIO = 100;

    /** Entries up to this size may inflate at any ratio: a small file of zeros is no bomb. */
    static final int BOMB_GRACE = 1024 * 1024;

    /** The most of a file's end that can hold the end record: the record and a longest comment. */
    static final int MAX_END_RECORD_AREA = EOCD_SIZE + MAX_COMMENT;

    record Entry(String name, int method, long compressedSize, long size, long crc, long localHeaderOffset) {
    }

    /**
     * Where the end records put the central directory, and the length of any data in front of
     * the archive; {@code needFrom >= 0} when a record lies before the bytes seen.
     */
    private record End(long cenStart, long cenSize, long shift, long needFrom) {
    }

    /**
     * Finds the end records in {@code tail}, the last bytes of a file of {@code fileSize}
     * bytes, and returns the file position from which the file's end holds the central
     * directory and every end record: where the directory starts, or an earlier position when
     * {@code tail} does not reach a record it needs (read from there and ask again). Returns
     * -1 when {@code tail} holds no end record; a {@code tail} that is the whole file, or
     * {@link #MAX_END_RECORD_AREA} long, without one means the file has none.
     */
    static long directoryStart(byte[] tail, long fileSize) throws JarFormatException {
        End end = end(tail, fileSize, false);
        return end == null ? -1 : end.needFrom() >= 0 ? end.needFrom() : end.cenStart();
    }

    /**
     * The end records in {@code tail}. Unless {@code whole} (the tail is known to start at the
     * central directory, so nothing before it matters), a record outside it is asked for.
     */
    private static End end(byte[] tail, long fileSize, boolean whole) throws JarFormatException {
        if (fileSize < EOCD_SIZE) {
            throw new JarFormatException(fileSize == 0 ? "empty file" : "truncated: too short for a ZIP archive");
        }
        int at = endRecord(tail);
        if (at < 0) {
            return null;
        }
        long tailStart = fileSize - tail.length;
        long endPosition = tailStart + at;
        long count = u16(tail, at + 10);
        long cenSize = u32(tail, at + 12);
        long cenOffset = u32(tail, at + 16);
        boolean zip64 = false;
        long locator = endPosition - ZIP64_LOCATOR_SIZE;
        if (locator >= 0 && locator < tailStart && !whole) {
            return new End(-1, -1, -1, locator);
        }
        if (locator >= tailStart && u32(tail, at - ZIP64_LOCATOR_SIZE) == ZIP64_LOCATOR_SIGNATURE) {
            // As ZipFile: the ZIP64 end record is used when the locator points at one whose
            // values agree with the end record's (or replace its 0xFFFF.. placeholders).
            long record = u64(tail, at - ZIP64_LOCATOR_SIZE + 8);
            if (record >= 0 && record <= locator - ZIP64_END_SIZE) {
                if (record < tailStart && !whole) {
                    return new End(-1, -1, -1, record);
                }
                int r = (int) (record - tailStart);
                if (record >= tailStart && u32(tail, r) == ZIP64_END_SIGNATURE) {
                    long count64 = u64(tail, r + 32);
                    long cenSize64 = u64(tail, r + 40);
                    long cenOffset64 = u64(tail, r + 48);
                    if ((cenSize64 == cenSize || cenSize == MAGIC32)
                            && (cenOffset64 == cenOffset || cenOffset == MAGIC32)
                            && (count64 == count || count == MAGIC16)) {
                        if (count64 < 0 || cenSize64 < 0 || cenOffset64 < 0) {
                            throw new JarFormatException("corrupt: ZIP64 end record holds a negative size");
                        }
                        zip64 = true;
                        endPosition = record;
                        count = count64;
                        cenSize = cenSize64;
                        cenOffset = cenOffset64;
                    }
                }
            }
        }
        if (!zip64 && (cenSize == MAGIC32 || cenOffset == MAGIC32)) {
            throw new JarFormatException("truncated or corrupt: the end record defers to a ZIP64 end record"
                    + " that is not there");
        }
        if (cenSize > endPosition) {
            throw new JarFormatException("truncated or corrupt: the central directory (" + cenSize
                    + " bytes) is larger than all that precedes the end record (" + endPosition + " bytes)");
        }
        long cenStart = endPosition - cenSize;
        long shift = cenStart - cenOffset;
        if (shift < 0) {
            throw new JarFormatException("truncated at the start or corrupt: the end record says the central"
                    + " directory is at byte " + cenOffset + ", but it is at byte " + cenStart);
        }
        if (count > cenSize / CEN_SIZE) {
            throw new JarFormatException("corrupt: the end record declares " + count
                    + " entries, more than a central directory of " + cenSize + " bytes holds");
        }
        return new End(cenStart, cenSize, shift, -1);
    }

    /**
     * The file has no end record where one must be; {@code head}, its first bytes, and {@code
     * tail}, its last, tell what is there instead: an end record followed by more bytes than
     * its comment (data appended to the archive, which capa does not read although {@code
     * ZipFile} may), one whose comment runs past the file's end, a cut ZIP, or no ZIP at all.
     */
    static JarFormatException noEndRecord(byte[] head, byte[] tail) {
        for (int at = tail.length - EOCD_SIZE; at >= Math.max(0, tail.length - MAX_END_RECORD_AREA); at--) {
            if (u32(tail, at) == EOCD_SIGNATURE) {
                long after = tail.length - (at + EOCD_SIZE + (long) u16(tail, at + 20));
                return new JarFormatException(after > 0
                        ? after + " bytes follow the end of central directory record: data appended after a ZIP"
                                + " archive is not read"
                        : "truncated: the archive comment runs " + -after + " bytes past the end of the file");
            }
        }
        boolean startsLikeZip = head.length >= 4 && u32(head, 0) == LOC_SIGNATURE;
        return new JarFormatException(startsLikeZip ? "truncated: no end of central directory" : "not a ZIP archive");
    }

    /**
     * Parses the central directory from {@code bytes}: the file from {@code offset} (as
     * returned by {@link #directoryStart}) to its end.
     */
    static ZipDirectory parse(byte[] bytes, long offset) throws JarFormatException {
        long fileSize = offset + bytes.length;
        End end = end(bytes, fileSize, true);
        if (end == null || end.cenStart() != offset) {
            throw new JarFormatException("truncated or corrupt: no end of central directory");
        }
        int limit = (int) end.cenSize();
        Map<String, Entry> entries = new LinkedHashMap<>();
        int at = 0;
        for (int i = 1; at < limit; i++) {
            if (at + CEN_SIZE > limit || u32(bytes, at) != CEN_SIGNATURE) {
                throw new JarFormatException("truncated or corrupt: bad central directory entry " + i);
            }
            int flags = u16(bytes, at + 8);
            int method = u16(bytes, at + 10);
            long crc = u32(bytes, at + 16);
            long compressed = u32(bytes, at + 20);
            long size = u32(bytes, at + 24);
            int nameLength = u16(bytes, at + 28);
            int extraLength = u16(bytes, at + 30);
            int commentLength = u16(bytes, at + 32);
            int disk = u16(bytes, at + 34);
            long localOffset = u32(bytes, at + 42);
            int extra = at + CEN_SIZE + nameLength;
            int next = extra + extraLength + commentLength;
            if (next > limit) {
                throw new JarFormatException("truncated or corrupt: central directory entry " + i);
            }
            String name = name(bytes, at + CEN_SIZE, nameLength, i);
            checkName(name);
            int zip64Field = zip64Field(bytes, extra, extraLength, name);
            if (compressed == MAGIC32 || size == MAGIC32 || localOffset == MAGIC32 || disk == MAGIC16) {
                long[] values = zip64(bytes, zip64Field, name,
                        size == MAGIC32, compressed == MAGIC32, localOffset == MAGIC32, disk == MAGIC16);
                size = size == MAGIC32 ? values[0] : size;
                compressed = compressed == MAGIC32 ? values[1] : compressed;
                localOffset = localOffset == MAGIC32 ? values[2] : localOffset;
            }
            if ((flags & 1) != 0) {
                throw new JarFormatException("entry '" + shown(name) + "' is encrypted");
            }
            if (method != 0 && method != 8) {
                throw new JarFormatException("entry '" + shown(name) + "' uses unsupported compression method "
                        + method);
            }
            localOffset += end.shift();
            checkSizes(name, method, compressed, size, localOffset, offset);
            if (entries.put(name, new Entry(name, method, compressed, size, crc, localOffset)) != null) {
                throw new JarFormatException("duplicate entry '" + shown(name) + "'");
            }
            at = next;
        }
        if (at != limit) {
            throw new JarFormatException("truncated or corrupt: central directory entry " + entries.size());
        }
        return new ZipDirectory(offset, Collections.unmodifiableMap(entries));
    }

    /**
     * Where the entry's ZIP64 extended information extra field starts (its tag), or -1 when it
     * has none. Every field of the extra data (tag, length, that many bytes) must end within it,
     * as {@code ZipFile} requires of each entry before it opens the archive; a remainder shorter
     * than a field's 4-byte head is padding either reader skips.
     */
    private static int zip64Field(byte[] bytes, int extra, int extraLength, String name) throws JarFormatException {
        int zip64 = -1;
        int at = extra;
        int end = extra + extraLength;
        while (at + 4 <= end) {
            int tag = u16(bytes, at);
            int next = at + 4 + u16(bytes, at + 2);
            if (next > end) {
                throw new JarFormatException(String.format(Locale.ROOT,
                        "corrupt: extra field 0x%04x of '%s' runs past the end of the entry's extra data", tag, shown(name)));
            }
            if (tag == ZIP64_EXTRA_TAG && zip64 < 0) {
                zip64 = at;
            }
            at = next;
        }
        return zip64;
    }

    /**
     * The values of the ZIP64 extended information extra field at {@code field} (from
     * {@link #zip64Field}, -1 for none): size, compressed size and local header offset, present
     * in that order for each one the entry's own field holds 0xFFFFFFFF in (the disk number,
     * 4 bytes, last). Checked as {@code ZipFile} does: the field holds exactly those values, none
     * negative.
     */
    private static long[] zip64(byte[] bytes, int field, String name,
                                boolean hasSize, boolean hasCompressed, boolean hasOffset, boolean hasDisk)
            throws JarFormatException {
        if (field < 0) {
            throw new JarFormatException("corrupt: '" + shown(name) + "' defers its sizes or offset to a ZIP64"
                    + " extra field it does not have");
        }
        int length = u16(bytes, field + 2);
        int at = field + 4;
        int expected = (hasSize ? 8 : 0) + (hasCompressed ? 8 : 0) + (hasOffset ? 8 : 0) + (hasDisk ? 4 : 0);
        if (length != expected) {
            throw new JarFormatException("corrupt: ZIP64 extra field of '" + shown(name) + "' holds "
                    + length + " bytes, not the " + expected + " its entry needs");
        }
        long[] values = new long[3];
        if (hasSize) {
            values[0] = u64(bytes, at);
            at += 8;
        }
        if (hasCompressed) {
            values[1] = u64(bytes, at);
            at += 8;
        }
        if (hasOffset) {
            values[2] = u64(bytes, at);
        }
        if (values[0] < 0 || values[1] < 0 || values[2] < 0) {
            throw new JarFormatException("corrupt: ZIP64 extra field of '" + shown(name)
                    + "' holds a negative size or offset");
        }
        return values;
    }

    /**
     * Sizes against what the file can hold, before anything is allocated for the entry: its
     * local header and compressed data lie before the directory, a stored entry is no larger
     * than its data, and a deflated one inflates at most {@link #MAX_INFLATION_RATIO} times.
     */
    private static void checkSizes(String name, int method, long compressed, long size, long localOffset,
                                   long directory) throws JarFormatException {
        if (localOffset > directory - LOC_SIZE) {
            throw new JarFormatException("truncated or corrupt: no local header for '" + shown(name) + "'");
        }
        if (compressed > directory - LOC_SIZE - localOffset) {
            throw new JarFormatException("truncated or corrupt: '" + shown(name) + "' declares " + compressed
                    + " compressed bytes, more than the archive holds there");
        }
        if (size > MAX_ENTRY_SIZE) {
            throw new JarFormatException("entry '" + shown(name) + "' is too large (" + size + " bytes declared)");
        }
        if (method == 8 && size > BOMB_GRACE && size > compressed * MAX_INFLATION_RATIO) {
            throw new JarFormatException("entry '" + shown(name) + "' declares " + size + " bytes from "
                    + compressed + " compressed: a zip bomb's ratio (capa reads at most "
                    + MAX_INFLATION_RATIO + ":1 above 1 MB)");
        }
    }

    /** The index of the end record in {@code tail}, the last bytes of a file, or -1. */
    private static int endRecord(byte[] tail) {
        int length = tail.length;
        int lowest = Math.max(0, length - EOCD_SIZE - MAX_COMMENT);
        for (int at = length - EOCD_SIZE; at >= lowest; at--) {
            if (u32(tail, at) == EOCD_SIGNATURE && at + EOCD_SIZE + u16(tail, at + 20) == length) {
                return at;
            }
        }
        return -1;
    }

    /** An entry name: UTF-8, as {@code JarFile} reads it; malformed bytes make the JAR invalid. */
    private static String name(byte[] bytes, int at, int length, int index) throws JarFormatException {
        for (int i = at; i < at + length; i++) {
            if (bytes[i] < 0) {
                try {
                    return StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, at, length)).toString();
                } catch (CharacterCodingException e) {
                    throw new JarFormatException("corrupt: the name of central directory entry " + index
                            + " is not UTF-8");
                }
            }
        }
        return new String(bytes, at, length, StandardCharsets.ISO_8859_1);
    }

    private static void checkName(String name) throws JarFormatException {
        boolean bad = name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0 || (name.length() > 1 && name.charAt(1) == ':');
        if (!bad) {
            for (String part : name.split("/", -1)) {
                if (part.equals("..")) {
                    bad = true;
                    break;
                }
            }
        }
        if (bad) {
            throw new JarFormatException("unsafe entry name '" + shown(name) + "'");
        }
    }

    /** An entry name as a message may show it: escaped and cut short. */
    static String shown(String name) {
        return JarText.printable(name, MAX_NAME_SHOWN);
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xFFFFFFFFL;
    }

    /** A little-endian 64-bit value; above {@link Long#MAX_VALUE} it reads negative. */
    static long u64(byte[] b, int at) {
        return u32(b, at) | u32(b, at + 4) << 32;
    }
}
