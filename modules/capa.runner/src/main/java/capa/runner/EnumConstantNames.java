package capa.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.FieldModel;
import java.lang.reflect.AccessFlag;
import java.util.List;

/**
 * The constants of an enum, by name and in declaration order, read from the enum's class file:
 * its fields flagged {@code ACC_ENUM} (JVMS 4.5), which javac writes in declaration order.
 * {@link Class#getEnumConstants()} would initialise the enum and so run its static
 * initialiser, which for a plugin's enum is plugin code; inspection must run none.
 */
final class EnumConstantNames {

    private EnumConstantNames() {
    }

    /**
     * @param type an enum class, already loaded (so its class file passed the JVM's format
     *     checks); its class file is read from its own module, which for a plugin is the
     *     hashed in-memory copy of its JAR
     * @throws UncheckedIOException when the class file cannot be read from its module
     */
    static List<String> of(Class<?> type) {
        String resource = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getModule().getResourceAsStream(resource)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("class file of enum " + type.getName()
                        + " is not in its module"));
            }
            return ClassFile.of().parse(in.readAllBytes()).fields().stream()
                    .filter(field -> field.flags().has(AccessFlag.ENUM))
                    .map(FieldModel::fieldName)
                    .map(name -> name.stringValue())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
