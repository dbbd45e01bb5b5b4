package capa.plugins.jar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes ZIP archives byte by byte in layouts {@code java.util.zip.ZipOutputStream} does not
 * make: bytes in front with or without offsets that count them, data descriptors on stored
 * entries, ZIP64 end records and extra fields in archives of any size, declared sizes that lie.
 */
final class ZipWriter {

    /** How the archive is laid out around its entries. */
    record Layout(byte[] prefix, boolean offsetsCountPrefix, String comment, boolean descriptors,
                  boolean zip64Extras, boolean zip64End) {

        static Layout plain() {
            return new Layout(new byte[0], false, "", false, false, false);
        }

        Layout withPrefix(byte[] bytes, boolean counted) {
            return new Layout(bytes, counted, comment, descriptors, zip64Extras, zip64End);
        }

        Layout withComment(String text) {
            return new Layout(prefix, offsetsCountPrefix, text, descriptors, zip64Extras, zip64End);
        }

        Layout withDescriptors() {
            return new Layout(prefix, offsetsCountPrefix, comment, true, zip64Extras, zip64End);
        }

        Layout withZip64(boolean extras, boolean end) {
            return new Layout(prefix, offsetsCountPrefix, comment, descriptors, extras, end);
        }
    }

    /**
     * One entry; {@code declaredSize} is what the headers say the content inflates to (the
     * content's own length unless a test makes it lie); {@code data}, when not null, the bytes
     * written for a deflated entry instead of the deflated content (a damaged stream), the CRC
     * still the content's.
     */
    record Entry(String name, byte[] content, boolean deflated, long declaredSize, byte[] data) {

        Entry(String name, byte[] content, boolean deflated, long declaredSize) {
            this(name, content, deflated, declaredSize, null);
        }

        Entry(String name, byte[] content, boolean deflated) {
            this(name, content, deflated, content.length);
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    ZipWriter add(Entry entry) {
        entries.add(entry);
        return this;
    }

    ZipWriter add(String name, byte[] content, boolean deflated) {
        return add(new Entry(name, content, deflated));
    }

    byte[] write(Layout layout) {
        Out out = new Out();
        out.bytes(layout.prefix());
        long base = layout.offsetsCountPrefix() ? 0 : layout.prefix().length;
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        Out cen = new Out(central);
        int count = 0;
        for (Entry entry : entries) {
            byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
            byte[] data = entry.data() != null ? entry.data() : entry.deflated() ? deflate(entry.content()) : entry.content();
            CRC32 crc = new CRC32();
            crc.update(entry.content());
            long offset = out.size() - base;
            int flags = (1 << 11) | (layout.descriptors() ? 1 << 3 : 0);
            int method = entry.deflated() ? 8 : 0;
            out.u32(ZipDirectory.LOC_SIGNATURE).u16(layout.zip64Extras() ? 45 : 20).u16(flags).u16(method)
                    .u16(0).u16(0x21)
                    .u32(layout.descriptors() ? 0 : crc.getValue())
                    .u32(layout.descriptors() ? 0 : data.length)
                    .u32(layout.descriptors() ? 0 : entry.declaredSize())
                    .u16(name.length).u16(0).bytes(name).bytes(data);
            if (layout.descriptors()) {
                out.u32(0x08074b50).u32(crc.getValue()).u32(data.length).u32(entry.declaredSize());
            }
            boolean big = layout.zip64Extras();
            cen.u32(0x02014b50).u16(45).u16(big ? 45 : 20).u16(flags).u16(method).u16(0).u16(0x21)
                    .u32(crc.getValue())
                    .u32(big ? 0xFFFFFFFFL : data.length)
                    .u32(big ? 0xFFFFFFFFL : entry.declaredSize())
                    .u16(name.length).u16(big ? 28 : 0).u16(0).u16(0).u16(0).u32(0)
                    .u32(big ? 0xFFFFFFFFL : offset).bytes(name);
            if (big) {
                cen.u16(0x0001).u16(24).u64(entry.declaredSize()).u64(data.length).u64(offset);
            }
            count++;
        }
        long cenOffset = out.size() - base;
        out.bytes(central.toByteArray());
        long cenSize = central.size();
        if (layout.zip64End()) {
            long record = out.size() - base;
            out.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0)
                    .u64(count).u64(count).u64(cenSize).u64(cenOffset);
            out.u32(0x07064b50).u32(0).u64(record).u32(1);
        }
        byte[] comment = layout.comment().getBytes(StandardCharsets.UTF_8);
        boolean deferred = layout.zip64End();
        out.u32(0x06054b50).u16(0).u16(0)
                .u16(deferred ? 0xFFFF : count).u16(deferred ? 0xFFFF : count)
                .u32(deferred ? 0xFFFFFFFFL : cenSize).u32(deferred ? 0xFFFFFFFFL : cenOffset)
                .u16(comment.length).bytes(comment);
        return out.toByteArray();
    }

    /** {@code size} bytes of seeded random, and so incompressible, data. */
    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new java.util.SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] deflate(byte[] content) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** Little-endian writes. */
    private static final class Out {
        private final ByteArrayOutputStream out;

        Out() {
            this(new ByteArrayOutputStream());
        }

        Out(ByteArrayOutputStream out) {
            this.out = out;
        }

        Out u16(int value) {
            out.write(value);
            out.write(value >>> 8);
            return this;
        }

        Out u32(long value) {
            return u16((int) value & 0xFFFF).u16((int) (value >>> 16) & 0xFFFF);
        }

        Out u64(long value) {
            return u32(value & 0xFFFFFFFFL).u32(value >>> 32);
        }

        Out bytes(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        long size() {
            return out.size();
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
