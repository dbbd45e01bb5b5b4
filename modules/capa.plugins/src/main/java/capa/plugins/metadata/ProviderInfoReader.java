package capa.plugins.metadata;

import capa.plugins.jar.JarFormatException;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code @capa.api.ProcedureInfo} from a provider's class file with a bounds-checked
 * reader of its own ({@link ClassFileAnnotations}), so that a plugin's id is known without
 * defining any class, and a hostile class file is a precise rejection.
 */
public final class ProviderInfoReader {

    private static final String ANNOTATION = "Lcapa/api/ProcedureInfo;";

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
            bytes = jar.read(entry).orElseThrow(() -> new NotAPluginException(NotAPluginException.Kind.CONTRACT, 
                    "provider class " + className + " is not in the JAR"));
        } catch (JarFormatException e) {
            throw new NotAPluginException(NotAPluginException.Kind.CONTRACT, "provider class " + className + " cannot be read: " + e.getMessage());
        }
        return read(bytes, className);
    }

    /**
     * The annotation of class {@code className} from its class file {@code bytes}.
     *
     * @throws NotAPluginException with a contract-check reason when the bytes are no
     *     well-formed class file, saying where they are malformed
     */
    public static ProviderInfo read(byte[] bytes, String className) throws NotAPluginException {
        Optional<Map<String, String>> info;
        try {
            info = ClassFileAnnotations.strings(bytes, ANNOTATION);
        } catch (ClassFileAnnotations.MalformedException e) {
            throw new NotAPluginException(NotAPluginException.Kind.CONTRACT, "provider class " + className + " is not a valid class file ("
                    + e.getMessage() + ")");
        }
        if (info.isEmpty()) {
            return new ProviderInfo(className, Optional.empty(), Optional.empty(), "");
        }
        Map<String, String> strings = info.get();
        return new ProviderInfo(className, Optional.ofNullable(strings.get("id")),
                Optional.ofNullable(strings.get("name")), strings.getOrDefault("description", ""));
    }
}
