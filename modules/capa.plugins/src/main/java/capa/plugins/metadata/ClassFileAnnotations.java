package capa.plugins.metadata;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one class-level runtime-visible annotation's string elements from a class file's bytes
 * (JVMS 4.1, 4.4, 4.7.16), for a class that is never defined. The bytes come from a plugin JAR
 * and may be hostile, so every read is bounds-checked, every constant-pool index is checked
 * for its range and its tag, counts are checked against the bytes that remain, and annotation
 * values may nest at most {@value #MAX_NESTING} levels deep: a malformed class file is a
 * {@link MalformedException} with the place and the reason, never a runtime exception or a
 * stack overflow. Nothing is allocated in proportion to a count read from the file before the
 * bytes for it are known to be there.
 */
final class ClassFileAnnotations {

    /** Deeper than anything javac writes for a real annotation, and far from a stack overflow. */
    static final int MAX_NESTING = 32;

    private static final int MAGIC = 0xCAFEBABE;
    private static final int UTF8 = 1;

    /** Why the bytes are not a class file this reader accepts: one line, no class-file text. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] bytes;
    private int at;
    /** Offset of each constant-pool entry's tag; 0 for index 0 and the slot after a long or double. */
    private int[] entries;

    private ClassFileAnnotations(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The {@code String} elements (name to value) of the class's annotation of type
     * {@code descriptor} (such as {@code Lcapa/api/ProcedureInfo;}), or empty when the class
     * has no such annotation. Elements of other kinds are checked and skipped.
     *
     * @throws MalformedException when the bytes are not a well-formed class file as far as it
     *     is read: header, constant pool, fields, methods, class attributes and every annotation
     */
    static Optional<Map<String, String>> strings(byte[] bytes, String descriptor) throws MalformedException {
        return new ClassFileAnnotations(bytes).find(descriptor);
    }

    private Optional<Map<String, String>> find(String descriptor) throws MalformedException {
        if (bytes.length < 10 || u4() != MAGIC) {
            throw new MalformedException("no class file magic number");
        }
        at = 8;
        readConstantPool();
        need(6, "class header");
        at += 6;
        int interfaces = u2();
        skip(2L * interfaces, "interfaces");
        skipMembers("fields");
        skipMembers("methods");
        Optional<Map<String, String>> found = Optional.empty();
        int attributes = u2();
        for (int i = 0; i < attributes; i++) {
            String name = utf8(u2(), "class attribute name");
            long length = u4() & 0xFFFFFFFFL;
            need(length, "class attribute " + i);
            int end = at + (int) length;
            if (name.equals("RuntimeVisibleAnnotations")) {
                Optional<Map<String, String>> here = annotations(descriptor);
                if (at != end) {
                    throw new MalformedException("RuntimeVisibleAnnotations attribute length does not match its content");
                }
                if (here.isPresent()) {
                    found = here;
                }
            }
            at = end;
        }
        if (at != bytes.length) {
            throw new MalformedException("bytes after the end of the class file");
        }
        return found;
    }

    private void readConstantPool() throws MalformedException {
        int count = u2();
        if (count == 0) {
            throw new MalformedException("constant pool count is 0");
        }
        // Every entry takes at least three bytes, so a count the file cannot hold is refused
        // before the index table is allocated.
        need(3L * (count - 1), "constant pool of " + count + " entries");
        entries = new int[count];
        for (int i = 1; i < count; i++) {
            need(1, "constant pool entry " + i);
            entries[i] = at;
            int tag = bytes[at++] & 0xFF;
            switch (tag) {
                case UTF8 -> skip(u2(), "constant pool entry " + i);
                case 3, 4 -> skip(4, "constant pool entry " + i);
                case 5, 6 -> {
                    skip(8, "constant pool entry " + i);
                    if (++i >= count) {
                        throw new MalformedException("constant pool entry " + (i - 1) + " (8 bytes) has no second slot");
                    }
                }
                case 7, 8, 16, 19, 20 -> skip(2, "constant pool entry " + i);
                case 9, 10, 11, 12, 17, 18 -> skip(4, "constant pool entry " + i);
                case 15 -> skip(3, "constant pool entry " + i);
                default -> throw new MalformedException("constant pool entry " + i + " has unknown tag " + tag);
            }
        }
    }

    private void skipMembers(String kind) throws MalformedException {
        int count = u2();
        for (int i = 0; i < count; i++) {
            need(6, kind);
            at += 6;
            int attributes = u2();
            for (int a = 0; a < attributes; a++) {
                need(2, kind);
                at += 2;
                skip(u4() & 0xFFFFFFFFL, kind + " attribute");
            }
        }
    }

    private Optional<Map<String, String>> annotations(String descriptor) throws MalformedException {
        int count = u2();
        Optional<Map<String, String>> found = Optional.empty();
        for (int i = 0; i < count; i++) {
            String type = utf8(u2(), "annotation type");
            Map<String, String> strings = annotation(1);
            if (type.equals(descriptor) && found.isEmpty()) {
                found = Optional.of(strings);
            }
        }
        return found;
    }

    /** The rest of an annotation after its type: its element-value pairs, strings kept. */
    private Map<String, String> annotation(int depth) throws MalformedException {
        int pairs = u2();
        Map<String, String> strings = new LinkedHashMap<>();
        for (int i = 0; i < pairs; i++) {
            String name = utf8(u2(), "annotation element name");
            Optional<String> value = elementValue(depth);
            if (value.isPresent()) {
                strings.putIfAbsent(name, value.get());
            }
        }
        return strings;
    }

    /** One element value (JVMS 4.7.16.1); its text when it is a string, else checked and skipped. */
    private Optional<String> elementValue(int depth) throws MalformedException {
        if (depth > MAX_NESTING) {
            throw new MalformedException("annotation values nested deeper than " + MAX_NESTING + " levels");
        }
        need(1, "annotation element value");
        int tag = bytes[at++] & 0xFF;
        switch (tag) {
            case 's' -> {
                return Optional.of(utf8(u2(), "annotation string value"));
            }
            case 'B', 'C', 'I', 'S', 'Z' -> constant(u2(), "annotation value", 3);
            case 'F' -> constant(u2(), "annotation value", 4);
            case 'J' -> constant(u2(), "annotation value", 5);
            case 'D' -> constant(u2(), "annotation value", 6);
            case 'e' -> {
                utf8(u2(), "annotation enum type");
                utf8(u2(), "annotation enum constant");
            }
            case 'c' -> utf8(u2(), "annotation class value");
            case '@' -> {
                utf8(u2(), "nested annotation type");
                annotation(depth + 1);
            }
            case '[' -> {
                int values = u2();
                for (int i = 0; i < values; i++) {
                    elementValue(depth + 1);
                }
            }
            default -> throw new MalformedException("annotation element value has unknown tag "
                    + (tag >= 0x21 && tag < 0x7F ? "'" + (char) tag + "'" : String.valueOf(tag)));
        }
        return Optional.empty();
    }

    private void constant(int index, String what, int tag) throws MalformedException {
        int offset = entry(index, what);
        if ((bytes[offset] & 0xFF) != tag) {
            throw new MalformedException(what + " refers to constant pool entry " + index + " of the wrong kind");
        }
    }

    /** The modified UTF-8 text of a {@code CONSTANT_Utf8} entry. */
    private String utf8(int index, String what) throws MalformedException {
        int offset = entry(index, what);
        if ((bytes[offset] & 0xFF) != UTF8) {
            throw new MalformedException(what + " refers to constant pool entry " + index + ", which is not text");
        }
        int length = ((bytes[offset + 1] & 0xFF) << 8) | (bytes[offset + 2] & 0xFF);
        try {
            return new DataInputStream(new ByteArrayInputStream(bytes, offset + 1, 2 + length)).readUTF();
        } catch (IOException e) {
            throw new MalformedException(what + " in constant pool entry " + index + " is not valid modified UTF-8");
        }
    }

    private int entry(int index, String what) throws MalformedException {
        if (index <= 0 || index >= entries.length || entries[index] == 0) {
            throw new MalformedException(what + " refers to constant pool entry " + index
                    + ", which does not exist (the pool has " + (entries.length - 1) + ")");
        }
        return entries[index];
    }

    private int u2() throws MalformedException {
        need(2, "a 2-byte value");
        int value = ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
        at += 2;
        return value;
    }

    private int u4() throws MalformedException {
        need(4, "a 4-byte value");
        int value = ((bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16)
                | ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
        at += 4;
        return value;
    }

    private void skip(long length, String what) throws MalformedException {
        need(length, what);
        at += (int) length;
    }

    private void need(long length, String what) throws MalformedException {
        if (length > bytes.length - at) {
            throw new MalformedException("truncated at byte " + at + " (" + what + ")");
        }
    }
}
