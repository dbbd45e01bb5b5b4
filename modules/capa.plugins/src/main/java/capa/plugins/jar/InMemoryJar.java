package capa.plugins.jar;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A JAR read from one in-memory copy of its bytes: the copy that was hashed. Every later read
 * (metadata, module descriptor, classes) comes from this copy, never from the file again, so
 * a file swapped on disk after hashing cannot change what capa inspects or loads.
 *
 * <p>Only the central directory is trusted for names and sizes (as {@code java.util.zip}
 * does); each entry is inflated on demand and checked against its CRC. Entry names are
 * validated once, up front: a name with {@code ..}, a leading {@code /}, a backslash, a drive
 * letter or a NUL makes the whole JAR invalid. ZIP64 is refused: no plugin needs 4 GB.
 */
public final class InMemoryJar {

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int CEN_SIGNATURE = 0x02014b50;
    private static final int LOC_SIGNATURE = 0x04034b50;
    private static final int EOCD_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int MAX_ENTRY_SIZE = Integer.MAX_VALUE - 8;

    private record Entry(String name, int method, long compressedSize, long size, long crc,
                         long localHeaderOffset) {
    }

    private volatile byte[] bytes;
    private final int length;
    private final Map<String, Entry> entries;

    private InMemoryJar(byte[] bytes, int length, Map<String, Entry> entries) {
        this.bytes = bytes;
        this.length = length;
        this.entries = entries;
    }

    /**
     * Reads the central directory of {@code bytes}, which this object keeps (not a copy).
     *
     * @throws JarFormatException when the bytes are not a readable JAR
     */
    public static InMemoryJar parse(byte[] bytes) throws JarFormatException {
        return parse(bytes, bytes.length);
    }

    /**
     * Reads the central directory of the JAR in the first {@code length} bytes of
     * {@code bytes}, which this object keeps (not a copy) until {@link #release}.
     *
     * @throws JarFormatException when the bytes are not a readable JAR
     */
    public static InMemoryJar parse(byte[] bytes, int length) throws JarFormatException {
        if (length < 0 || length > bytes.length) {
            throw new IllegalArgumentException("length " + length + " outside the array");
        }
        int eocd = findEndOfCentralDirectory(bytes, length);
        int entryCount = u16(bytes, eocd + 10);
        long cenSize = u32(bytes, eocd + 12);
        long cenOffset = u32(bytes, eocd + 16);
        if (entryCount == 0xFFFF || cenSize == 0xFFFFFFFFL || cenOffset == 0xFFFFFFFFL) {
            throw new JarFormatException("ZIP64 archives are not supported");
        }
        if (cenOffset + cenSize > eocd) {
            throw new JarFormatException("truncated or corrupt: central directory out of bounds");
        }
        Map<String, Entry> entries = new LinkedHashMap<>(entryCount * 2);
        int at = (int) cenOffset;
        for (int i = 0; i < entryCount; i++) {
            if (at + 46 > eocd || u32(bytes, at) != CEN_SIGNATURE) {
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
            if (next > eocd) {
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
            if (entries.put(name, new Entry(name, method, compressed, size, crc, localOffset)) != null) {
                throw new JarFormatException("duplicate entry '" + name + "'");
            }
            at = next;
        }
        return new InMemoryJar(bytes, length, Collections.unmodifiableMap(entries));
    }

    /** Entry names in central-directory order, directories included. */
    public Collection<String> names() {
        return entries.keySet();
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * The content of an entry, inflated and checked against its CRC.
     *
     * @throws JarFormatException when the entry's data is corrupt or truncated
     * @throws IllegalStateException when the bytes were released
     */
    public Optional<byte[]> read(String name) throws JarFormatException {
        Entry entry = entries.get(name);
        if (entry == null) {
            return Optional.empty();
        }
        byte[] data = bytes;
        if (data == null) {
            throw new IllegalStateException("the JAR's bytes were released after inspection");
        }
        return Optional.of(extract(data, length, entry));
    }

    /**
     * Drops the bytes once nothing will load from this JAR again, so that inspecting many
     * large JARs does not keep them all in memory, and so that the array can be reused for
     * the next JAR: every later read fails instead of seeing another JAR's bytes.
     */
    public void release() {
        bytes = null;
    }

    private static byte[] extract(byte[] data, int length, Entry entry) throws JarFormatException {
        long loc = entry.localHeaderOffset();
        if (loc + 30 > length || u32(data, (int) loc) != LOC_SIGNATURE) {
            throw new JarFormatException("truncated or corrupt: no local header for '" + entry.name() + "'");
        }
        long start = loc + 30 + u16(data, (int) loc + 26) + u16(data, (int) loc + 28);
        if (start + entry.compressedSize() > length) {
            throw new JarFormatException("truncated: data of '" + entry.name() + "' runs past the end");
        }
        byte[] out;
        if (entry.method() == 0) {
            if (entry.compressedSize() != entry.size()) {
                throw new JarFormatException("corrupt: stored entry '" + entry.name() + "' has two sizes");
            }
            out = new byte[(int) entry.size()];
            System.arraycopy(data, (int) start, out, 0, out.length);
        } else {
            out = inflate(data, (int) start, (int) entry.compressedSize(), entry);
        }
        CRC32 crc = new CRC32();
        crc.update(out);
        if (crc.getValue() != entry.crc()) {
            throw new JarFormatException("corrupt: CRC mismatch in '" + entry.name() + "'");
        }
        return out;
    }

    private static byte[] inflate(byte[] data, int start, int length, Entry entry)
            throws JarFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data, start, length);
            byte[] out = new byte[(int) entry.size()];
            int filled = 0;
            while (filled < out.length) {
                int n = inflater.inflate(out, filled, out.length - filled);
                if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                filled += n;
            }
            if (filled != out.length || (!inflater.finished() && inflater.inflate(new byte[1]) > 0)) {
                throw new JarFormatException("corrupt: '" + entry.name() + "' does not inflate to its declared size");
            }
            return out;
        } catch (DataFormatException e) {
            throw new JarFormatException("corrupt: '" + entry.name() + "' does not inflate (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    private static int findEndOfCentralDirectory(byte[] bytes, int length) throws JarFormatException {
        if (length < EOCD_SIZE) {
            throw new JarFormatException(length == 0 ? "empty file" : "truncated: too short for a ZIP archive");
        }
        int lowest = Math.max(0, length - EOCD_SIZE - MAX_COMMENT);
        for (int at = length - EOCD_SIZE; at >= lowest; at--) {
            if (u32(bytes, at) == EOCD_SIGNATURE && at + EOCD_SIZE + u16(bytes, at + 20) == length) {
                return at;
            }
        }
        boolean looksLikeZip = length >= 4 && u32(bytes, 0) == LOC_SIGNATURE;
        throw new JarFormatException(looksLikeZip ? "truncated: no end of central directory"
                : "not a ZIP archive");
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
            throw new JarFormatException("unsafe entry name '" + printable(name) + "'");
        }
    }

    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xFFFFFFFFL;
    }
}
