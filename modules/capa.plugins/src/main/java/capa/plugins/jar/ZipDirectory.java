package capa.plugins.jar;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A ZIP archive's central directory: the one place capa takes entry names, sizes and offsets
 * from (as {@code java.util.zip} does). Entry names are validated here, up front: a name with
 * {@code ..}, a leading {@code /}, a backslash, a drive letter or a NUL makes the whole JAR
 * invalid. ZIP64 is refused: no plugin needs 4 GB.
 *
 * @param offset where the central directory starts in the file; it runs to the file's end
 *     (with the end record and its comment)
 * @param entries by name, in central-directory order, directories included
 */
record ZipDirectory(long offset, Map<String, Entry> entries) {

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int CEN_SIGNATURE = 0x02014b50;
    static final int LOC_SIGNATURE = 0x04034b50;
    static final int LOC_SIZE = 30;
    private static final int EOCD_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int MAX_ENTRY_SIZE = Integer.MAX_VALUE - 8;
    private static final int MAX_NAME_SHOWN = 200;

    /** The most of a file's end that can hold the end record: the record and a longest comment. */
    static final int MAX_END_RECORD_AREA = EOCD_SIZE + MAX_COMMENT;

    record Entry(String name, int method, long compressedSize, long size, long crc, long localHeaderOffset) {
    }

    /**
     * Finds the end record in {@code tail}, the last bytes of a file of {@code fileSize} bytes,
     * and returns where the central directory starts, or -1 when {@code tail} holds no end
     * record. A {@code tail} that is the whole file, or {@link #MAX_END_RECORD_AREA} long,
     * without one means the file has none.
     */
    static long offset(byte[] tail, long fileSize) throws JarFormatException {
        if (fileSize < EOCD_SIZE) {
            throw new JarFormatException(fileSize == 0 ? "empty file" : "truncated: too short for a ZIP archive");
        }
        int end = endRecord(tail);
        if (end < 0) {
            return -1;
        }
        long cenSize = u32(tail, end + 12);
        long cenOffset = u32(tail, end + 16);
        if (u16(tail, end + 10) == 0xFFFF || cenSize == 0xFFFFFFFFL || cenOffset == 0xFFFFFFFFL) {
            throw new JarFormatException("ZIP64 archives are not supported");
        }
        if (cenOffset + cenSize > fileSize - (tail.length - end)) {
            throw new JarFormatException("truncated or corrupt: central directory out of bounds");
        }
        return cenOffset;
    }

    /** The file has no end record; {@code head}, its first bytes, tell a cut ZIP from a non-ZIP. */
    static JarFormatException noEndRecord(byte[] head) {
        boolean startsLikeZip = head.length >= 4 && u32(head, 0) == LOC_SIGNATURE;
        return new JarFormatException(startsLikeZip ? "truncated: no end of central directory" : "not a ZIP archive");
    }

    /**
     * Parses the central directory from {@code bytes}: the file from {@code offset} (as
     * returned by {@link #offset}) to its end.
     */
    static ZipDirectory parse(byte[] bytes, long offset) throws JarFormatException {
        long fileSize = offset + bytes.length;
        int end = endRecord(bytes);
        if (end < 0) {
            throw new JarFormatException("truncated or corrupt: no end of central directory");
        }
        int entryCount = u16(bytes, end + 10);
        Map<String, Entry> entries = new LinkedHashMap<>(entryCount * 2);
        int at = 0;
        for (int i = 0; i < entryCount; i++) {
            if (at + 46 > end || u32(bytes, at) != CEN_SIGNATURE) {
                throw new JarFormatException("truncated or corrupt: bad central directory entry " + (i + 1));
            }
            int flags = u16(bytes, at + 8);
            int method = u16(bytes, at + 10);
            long crc = u32(bytes, at + 16);
            long compressed = u32(bytes, at + 20);
            long size = u32(bytes, at + 24);
            int nameLength = u16(bytes, at + 28);
            int extraLength = u16(bytes, at + 30);
            int commentLength = u16(bytes, at + 32);
            long localOffset = u32(bytes, at + 42);
            int next = at + 46 + nameLength + extraLength + commentLength;
            if (next > end) {
                throw new JarFormatException("truncated or corrupt: central directory entry " + (i + 1));
            }
            String name = new String(bytes, at + 46, nameLength, StandardCharsets.UTF_8);
            checkName(name);
            if ((flags & 1) != 0) {
                throw new JarFormatException("entry '" + name + "' is encrypted");
            }
            if (method != 0 && method != 8) {
                throw new JarFormatException("entry '" + name + "' uses unsupported compression method " + method);
            }
            if (compressed == 0xFFFFFFFFL || size == 0xFFFFFFFFL || localOffset == 0xFFFFFFFFL) {
                throw new JarFormatException("ZIP64 archives are not supported");
            }
            if (size > MAX_ENTRY_SIZE) {
                throw new JarFormatException("entry '" + name + "' is too large");
            }
            if (localOffset + LOC_SIZE > offset) {
                throw new JarFormatException("truncated or corrupt: no local header for '"
                        + JarText.printable(name, MAX_NAME_SHOWN) + "'");
            }
            if (entries.put(name, new Entry(name, method, compressed, size, crc, localOffset)) != null) {
                throw new JarFormatException("duplicate entry '" + name + "'");
            }
            at = next;
        }
        return new ZipDirectory(offset, Collections.unmodifiableMap(entries));
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
            throw new JarFormatException("unsafe entry name '" + JarText.printable(name, MAX_NAME_SHOWN) + "'");
        }
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xFFFFFFFFL;
    }
}
