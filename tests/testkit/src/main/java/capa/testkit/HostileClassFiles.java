package capa.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Malformed provider class files, for tests of the kind "a hostile class file in a plugin
 * JAR": each is a class file written byte by byte around a {@code @ProcedureInfo} annotation,
 * with one thing wrong: truncated anywhere, a constant-pool index out of range or of the
 * wrong kind, an unknown tag, annotation values nested far too deep, a count far larger than
 * the bytes, text that is not modified UTF-8, and random byte changes of a class javac wrote.
 */
public final class HostileClassFiles {

    /** One malformed class file and what was done to it. */
    public record Case(String what, byte[] bytes) {
        @Override
        public String toString() {
            return what;
        }
    }

    /** The nesting depth a reader must accept (javac writes far less); one more is refused. */
    public static final int ACCEPTED_NESTING = 32;

    private static final String INFO = "Lcapa/api/ProcedureInfo;";

    private final String className;
    private final String id;

    /**
     * @param className the provider's binary name, such as {@code lab.bad.Bad}
     * @param id the id its well-formed annotation declares
     */
    public HostileClassFiles(String className, String id) {
        this.className = className;
        this.id = id;
    }

    /**
     * The well-formed class file every case is made from: a public class with the annotation
     * {@code @ProcedureInfo(id = ID, name = "Hostile")} and nothing else (it implements no
     * procedure, so a reader that gets past the annotation rejects it under its id).
     */
    public byte[] wellFormed() {
        return new Writer().build();
    }

    /** Annotation values nested {@code depth} levels deep (arrays, then annotations), well formed otherwise. */
    public byte[] nested(int depth, boolean annotations) {
        Writer w = new Writer();
        w.extraElement = annotations ? nestedAnnotations(w, depth) : nestedArrays(w, depth);
        return w.build();
    }

    /** Every structural case: dozens of truncations, indexes, tags, depths, counts and texts. */
    public List<Case> structural() {
        List<Case> cases = new ArrayList<>();
        byte[] whole = wellFormed();
        for (int length = 0; length < whole.length; length += Math.max(1, length / 16)) {
            cases.add(new Case("truncated to " + length + " of " + whole.length + " bytes",
                    Arrays.copyOf(whole, length)));
        }
        cases.add(new Case("one byte more", Arrays.copyOf(whole, whole.length + 1)));
        for (String place : List.of("type", "element", "string")) {
            for (String kind : List.of("zero", "count", "max", "class entry", "long's second slot")) {
                cases.add(badIndex(place, kind));
            }
        }
        for (int tag = 0; tag < 256; tag++) {
            if ("BCDFIJSZsec@[".indexOf(tag) < 0) {
                int t = tag;
                cases.add(variant("element value tag " + tag, w -> w.extraElement = new byte[] {(byte) t, 0, 1}));
            }
        }
        for (char tag : "BCIJSZDFsec".toCharArray()) {
            // Each refers to a Class entry: the wrong kind of constant for every one of them.
            cases.add(variant("element value '" + tag + "' referring to a Class entry",
                    w -> w.extraElement = concat(new byte[] {(byte) tag}, u2(w.classEntry("lab/Other")), u2(w.classEntry("lab/Else")))));
        }
        for (int tag : new int[] {0, 2, 13, 14, 21, 100, 255}) {
            cases.add(variant("constant pool tag " + tag, w -> w.rawEntry(new byte[] {(byte) tag, 0, 0, 0, 0})));
        }
        for (int depth : new int[] {ACCEPTED_NESTING + 1, 1_000, 200_000}) {
            cases.add(new Case("arrays nested " + depth + " deep", nested(depth, false)));
            cases.add(new Case("annotations nested " + depth + " deep", nested(depth, true)));
        }
        cases.add(variant("65535 annotations declared, one present", w -> w.annotationCount = 0xFFFF));
        cases.add(variant("65535 element-value pairs declared", w -> w.pairCount = 0xFFFF));
        cases.add(variant("array of 65535 values declared, one present",
                w -> w.extraElement = concat(new byte[] {'['}, u2(0xFFFF), new byte[] {'s'}, u2(w.utf8("x")))));
        cases.add(variant("constant pool count 65535", w -> w.poolCount = 0xFFFF));
        cases.add(variant("constant pool count 0", w -> w.poolCount = 0));
        cases.add(variant("attribute length 2^32-1", w -> w.attributeLength = 0xFFFFFFFFL));
        cases.add(variant("attribute length one short", w -> w.attributeLength = -1));
        cases.add(variant("65535 interfaces declared", w -> w.interfaces = 0xFFFF));
        cases.add(variant("65535 fields declared", w -> w.fields = 0xFFFF));
        cases.add(variant("65535 methods declared", w -> w.methods = 0xFFFF));
        for (byte[] text : List.of(new byte[] {(byte) 0xC0}, new byte[] {(byte) 0xFF, 'a'},
                new byte[] {'a', (byte) 0xE0, (byte) 0x80})) {
            cases.add(variant("id that is not modified UTF-8 " + Arrays.toString(text), w -> w.idText = text));
        }
        cases.add(variant("no magic number", w -> w.magic = 0xCAFEBABF));
        return cases;
    }

    /**
     * {@code count} copies of {@code classFile} with one to four bytes set to random values,
     * drawn from {@code seed} (print it: a failure is replayed with the same seed).
     */
    public static List<Case> randomBytes(byte[] classFile, long seed, int count) {
        Random random = new Random(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] bytes = classFile.clone();
            StringBuilder what = new StringBuilder("seed " + seed + " case " + i + ":");
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                int at = random.nextInt(bytes.length);
                bytes[at] = (byte) random.nextInt(256);
                what.append(" byte ").append(at).append('=').append(bytes[at] & 0xFF);
            }
            cases.add(new Case(what.toString(), bytes));
        }
        return cases;
    }

    private Case variant(String what, Consumer<Writer> change) {
        Writer w = new Writer();
        change.accept(w);
        return new Case(what, w.build());
    }

    private Case badIndex(String place, String kind) {
        return variant(place + " index: " + kind, w -> {
            int index = switch (kind) {
                case "zero" -> 0;
                case "count" -> -1; // resolved to the pool's count when built
                case "max" -> 0xFFFF;
                case "class entry" -> w.classEntry("lab/Other");
                default -> w.longEntry() + 1;
            };
            switch (place) {
                case "type" -> w.typeIndex = index;
                case "element" -> w.elementIndex = index;
                default -> w.stringIndex = index;
            }
        });
    }

    private static byte[] nestedArrays(Writer w, int depth) {
        // depth - 1 arrays of one value each, around one string: the string is at depth `depth`.
        int text = w.utf8("deep");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i < depth; i++) {
            out.writeBytes(new byte[] {'[', 0, 1});
        }
        out.write('s');
        out.writeBytes(u2(text));
        return out.toByteArray();
    }

    private static byte[] nestedAnnotations(Writer w, int depth) {
        int type = w.utf8("Llab/Nested;");
        int name = w.utf8("value");
        int text = w.utf8("deep");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i < depth; i++) {
            out.write('@');
            out.writeBytes(u2(type));
            out.writeBytes(u2(1));
            out.writeBytes(u2(name));
        }
        out.write('s');
        out.writeBytes(u2(text));
        return out.toByteArray();
    }

    private static byte[] u2(int value) {
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Writes one class file; each field left as it is gives the well-formed one. */
    private final class Writer {
        private final ByteArrayOutputStream pool = new ByteArrayOutputStream();
        private int count = 1;
        int magic = 0xCAFEBABE;
        int poolCount = -1;
        int interfaces;
        int fields;
        int methods;
        long attributeLength = -2;
        int annotationCount = 1;
        int pairCount = -1;
        int typeIndex = -2;
        int elementIndex = -2;
        int stringIndex = -2;
        byte[] idText;
        byte[] extraElement;

        int utf8(String text) {
            return utf8(modifiedUtf8(text));
        }

        int utf8(byte[] text) {
            pool.write(1);
            pool.writeBytes(u2(text.length));
            pool.writeBytes(text);
            return count++;
        }

        int classEntry(String internalName) {
            int name = utf8(internalName);
            pool.write(7);
            pool.writeBytes(u2(name));
            return count++;
        }

        int longEntry() {
            pool.writeBytes(new byte[] {5, 0, 0, 0, 0, 0, 0, 0, 42});
            int index = count;
            count += 2;
            return index;
        }

        void rawEntry(byte[] entry) {
            pool.writeBytes(entry);
            count++;
        }

        byte[] build() {
            int thisClass = classEntry(className.replace('.', '/'));
            int superClass = classEntry("java/lang/Object");
            int attributeName = utf8("RuntimeVisibleAnnotations");
            int type = utf8(INFO);
            int idName = utf8("id");
            int idValue = idText != null ? utf8(idText) : utf8(id);
            int nameName = utf8("name");
            int nameValue = utf8("Hostile");
            int extraName = utf8("extra");
            ByteArrayOutputStream annotation = new ByteArrayOutputStream();
            annotation.writeBytes(u2(annotationCount));
            annotation.writeBytes(u2(resolve(typeIndex, type)));
            annotation.writeBytes(u2(pairCount >= 0 ? pairCount : extraElement == null ? 2 : 3));
            annotation.writeBytes(u2(resolve(elementIndex, idName)));
            annotation.write('s');
            annotation.writeBytes(u2(resolve(stringIndex, idValue)));
            annotation.writeBytes(u2(nameName));
            annotation.write('s');
            annotation.writeBytes(u2(nameValue));
            if (extraElement != null) {
                annotation.writeBytes(u2(extraName));
                annotation.writeBytes(extraElement);
            }
            byte[] content = annotation.toByteArray();
            try {
                ByteArrayOutputStream file = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(file);
                out.writeInt(magic);
                out.writeShort(0);
                out.writeShort(Runtime.version().feature() + 44);
                out.writeShort(poolCount >= 0 ? poolCount : count);
                out.write(pool.toByteArray());
                out.writeShort(0x0021);
                out.writeShort(thisClass);
                out.writeShort(superClass);
                out.writeShort(interfaces);
                out.writeShort(fields);
                out.writeShort(methods);
                out.writeShort(1);
                out.writeShort(attributeName);
                out.writeInt((int) (attributeLength == -2 ? content.length
                        : attributeLength == -1 ? content.length - 1 : attributeLength));
                out.write(content);
                return file.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private int resolve(int index, int otherwise) {
            return index == -2 ? otherwise : index == -1 ? count : index;
        }
    }

    private static byte[] modifiedUtf8(String text) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new DataOutputStream(bytes).writeUTF(text);
            return Arrays.copyOfRange(bytes.toByteArray(), 2, bytes.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
