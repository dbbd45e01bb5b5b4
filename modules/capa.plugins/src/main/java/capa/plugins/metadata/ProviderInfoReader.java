package capa.plugins.metadata;

import capa.plugins.jar.JarFormatException;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationElement;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.util.Optional;

/**
 * Reads {@code @capa.api.ProcedureInfo} from a provider's class file with
 * {@code java.lang.classfile}, so that a plugin's id is known without defining any class.
 */
public final class ProviderInfoReader {

    private static final String ANNOTATION = "Lcapa/api/ProcedureInfo;";
    private static final ClassFile CLASS_FILE = ClassFile.of();

    private ProviderInfoReader() {
    }

    /**
     * Reads the class file that {@code className} resolves to in {@code jar}: for a
     * multi-release JAR the versioned entry, the same one the plugin's layer defines.
     *
     * @throws NotAPluginException with a contract-check reason when the class file is missing
     *     or unreadable
     */
    public static ProviderInfo read(VersionedJar jar, String className) throws NotAPluginException {
        String entry = className.replace('.', '/') + ".class";
        byte[] bytes;
        try {
            bytes = jar.read(entry).orElseThrow(() -> new NotAPluginException(
                    "provider class " + className + " is not in the JAR"));
        } catch (JarFormatException e) {
            throw new NotAPluginException("provider class " + className + " cannot be read: " + e.getMessage());
        }
        return read(bytes, className);
    }

    /**
     * The annotation of class {@code className} from its class file {@code bytes}.
     *
     * @throws NotAPluginException with a contract-check reason when the bytes are no class file
     */
    public static ProviderInfo read(byte[] bytes, String className) throws NotAPluginException {
        ClassModel model;
        try {
            model = CLASS_FILE.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new NotAPluginException("provider class " + className + " is not a valid class file");
        }
        Optional<Annotation> info = model.findAttribute(Attributes.runtimeVisibleAnnotations())
                .flatMap(attribute -> attribute.annotations().stream()
                        .filter(a -> a.className().stringValue().equals(ANNOTATION))
                        .findFirst());
        if (info.isEmpty()) {
            return new ProviderInfo(className, Optional.empty(), Optional.empty(), "");
        }
        return new ProviderInfo(className, string(info.get(), "id"), string(info.get(), "name"),
                string(info.get(), "description").orElse(""));
    }

    private static Optional<String> string(Annotation annotation, String element) {
        for (AnnotationElement e : annotation.elements()) {
            if (e.name().stringValue().equals(element) && e.value() instanceof AnnotationValue.OfString s) {
                return Optional.of(s.stringValue());
            }
        }
        return Optional.empty();
    }
}
