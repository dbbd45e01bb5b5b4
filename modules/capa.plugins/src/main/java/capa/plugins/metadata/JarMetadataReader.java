package capa.plugins.metadata;

import capa.plugins.jar.InMemoryJar;
import capa.plugins.jar.JarFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.module.InvalidModuleDescriptorException;
import java.lang.module.ModuleDescriptor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a plugin JAR's module descriptor and its {@code capa.api.Procedure} providers from the
 * in-memory copy, the way {@link java.lang.module.ModuleFinder#of} would for a file on disk:
 * {@code module-info.class} for a named module; otherwise an automatic descriptor named by
 * {@code Automatic-Module-Name} or derived from the file name, versioned by the file name or
 * else the manifest's {@code Implementation-Version}, providing what
 * {@code META-INF/services/capa.api.Procedure} lists.
 */
public final class JarMetadataReader {

    public static final String SERVICE = "capa.api.Procedure";
    private static final String SERVICES_FILE = "META-INF/services/" + SERVICE;
    private static final Pattern FILE_NAME_VERSION = Pattern.compile("-(\\d+(\\.|$))");

    private JarMetadataReader() {
    }

    /**
     * @param fileName the JAR's file name, for automatic module naming
     * @throws NotAPluginException when the JAR is not a usable plugin, with the reason
     */
    public static JarMetadata read(String fileName, InMemoryJar jar) throws NotAPluginException {
        try {
            Optional<byte[]> moduleInfo = jar.read("module-info.class");
            return moduleInfo.isPresent() ? named(jar, moduleInfo.get()) : automatic(fileName, jar);
        } catch (JarFormatException e) {
            throw new NotAPluginException("not a valid JAR (" + e.getMessage() + ")");
        }
    }

    private static JarMetadata named(InMemoryJar jar, byte[] moduleInfo)
            throws NotAPluginException, JarFormatException {
        Set<String> packages = packages(jar, true);
        ModuleDescriptor descriptor;
        try {
            descriptor = ModuleDescriptor.read(ByteBuffer.wrap(moduleInfo), () -> packages);
        } catch (InvalidModuleDescriptorException e) {
            throw new NotAPluginException("not a valid JAR (module-info.class: " + oneLine(e.getMessage()) + ")");
        }
        List<String> providers = descriptor.provides().stream()
                .filter(p -> p.service().equals(SERVICE))
                .flatMap(p -> p.providers().stream())
                .toList();
        if (providers.isEmpty()) {
            throw new NotAPluginException("provides no procedure");
        }
        var compiledAgainst = descriptor.requires().stream()
                .filter(r -> r.name().equals("capa.api"))
                .findFirst()
                .flatMap(ModuleDescriptor.Requires::compiledVersion);
        return new JarMetadata(descriptor,
                descriptor.rawVersion().orElse(JarMetadata.UNVERSIONED), providers, compiledAgainst);
    }

    private static JarMetadata automatic(String fileName, InMemoryJar jar)
            throws NotAPluginException, JarFormatException {
        List<String> providers = serviceProviders(jar);
        if (providers.isEmpty()) {
            throw new NotAPluginException("provides no procedure");
        }
        Attributes manifest = manifest(jar);
        String base = fileName.endsWith(".jar") ? fileName.substring(0, fileName.length() - 4) : fileName;
        String fileVersion = null;
        Matcher matcher = FILE_NAME_VERSION.matcher(base);
        if (matcher.find()) {
            fileVersion = base.substring(matcher.start() + 1);
            base = base.substring(0, matcher.start());
        }
        String name = manifest.getValue("Automatic-Module-Name");
        if (name == null) {
            name = base.replaceAll("[^A-Za-z0-9]", ".").replaceAll("(\\.)(\\1)+", ".")
                    .replaceAll("^\\.", "").replaceAll("\\.$", "");
        }
        if (!isModuleName(name)) {
            throw new NotAPluginException("not a valid JAR (cannot derive a module name from the file name;"
                    + " '" + name + "' is not a legal module name: add Automatic-Module-Name to the manifest)");
        }
        String version = fileVersion != null ? fileVersion : manifest.getValue("Implementation-Version");
        Set<String> packages = packages(jar, false);
        for (String provider : providers) {
            int dot = provider.lastIndexOf('.');
            if (dot < 0 || !packages.contains(provider.substring(0, dot))) {
                throw new NotAPluginException("not a valid JAR (" + SERVICES_FILE + " lists "
                        + provider + ", which is not in the JAR)");
            }
        }
        ModuleDescriptor.Builder builder = ModuleDescriptor.newAutomaticModule(name).packages(packages);
        if (version != null) {
            try {
                builder.version(version);
            } catch (IllegalArgumentException unparseable) {
                // Shown as written; a version Java cannot order is still the author's version.
            }
        }
        builder.provides(SERVICE, providers);
        return new JarMetadata(builder.build(), version == null || version.isBlank()
                ? JarMetadata.UNVERSIONED : version.strip(), providers, Optional.empty());
    }

    private static List<String> serviceProviders(InMemoryJar jar)
            throws NotAPluginException, JarFormatException {
        Optional<byte[]> file = jar.read(SERVICES_FILE);
        if (file.isEmpty()) {
            return List.of();
        }
        Set<String> providers = new LinkedHashSet<>();
        for (String line : new String(file.get(), StandardCharsets.UTF_8).split("\\R")) {
            int hash = line.indexOf('#');
            String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!isQualifiedName(name)) {
                throw new NotAPluginException("not a valid JAR (" + SERVICES_FILE
                        + " lists '" + name + "', which is not a class name)");
            }
            providers.add(name);
        }
        return new ArrayList<>(providers);
    }

    private static Attributes manifest(InMemoryJar jar) throws NotAPluginException, JarFormatException {
        Optional<byte[]> bytes = jar.read("META-INF/MANIFEST.MF");
        if (bytes.isEmpty()) {
            return new Attributes();
        }
        try {
            return new Manifest(new ByteArrayInputStream(bytes.get())).getMainAttributes();
        } catch (IOException e) {
            throw new NotAPluginException("not a valid JAR (META-INF/MANIFEST.MF: " + oneLine(e.getMessage()) + ")");
        }
    }

    /**
     * The packages of a JAR as the JDK derives them: every package holding a class file, and
     * for a named module also every legal package holding a resource. Classes outside a legal
     * package make the JAR unusable as a module.
     */
    private static Set<String> packages(InMemoryJar jar, boolean withResources) throws NotAPluginException {
        Set<String> packages = new TreeSet<>();
        // Most entries share a few packages: judge each directory once.
        Set<String> illegal = new HashSet<>();
        for (String entry : jar.names()) {
            if (entry.endsWith("/") || entry.startsWith("META-INF/") || entry.equals("module-info.class")) {
                continue;
            }
            int slash = entry.lastIndexOf('/');
            String pkg = slash < 0 ? "" : entry.substring(0, slash).replace('/', '.');
            boolean isClass = entry.endsWith(".class");
            if (isClass) {
                if (pkg.isEmpty()) {
                    throw new NotAPluginException("not a valid JAR (" + entry
                            + " is in the unnamed package, which a module cannot hold)");
                }
                if (!packages.contains(pkg) && !isQualifiedName(pkg)) {
                    throw new NotAPluginException("not a valid JAR (" + entry
                            + " is in '" + pkg + "', which is not a legal package name)");
                }
                packages.add(pkg);
            } else if (withResources && !pkg.isEmpty() && !packages.contains(pkg) && !illegal.contains(pkg)) {
                if (isQualifiedName(pkg)) {
                    packages.add(pkg);
                } else {
                    illegal.add(pkg);
                }
            }
        }
        return packages;
    }

    static boolean isModuleName(String name) {
        return isQualifiedName(name);
    }

    private static boolean isQualifiedName(String name) {
        int start = 0;
        while (true) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            if (!isIdentifier(name, start, end)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break",
            "byte", "case", "catch", "char", "class", "const", "continue", "default", "do", "double",
            "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if", "implements",
            "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
            "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while",
            "true", "false", "null", "_");

    /** Whether {@code name[start, end)} is a Java identifier that is not a keyword. */
    private static boolean isIdentifier(String name, int start, int end) {
        if (start == end || !Character.isJavaIdentifierStart(name.codePointAt(start))) {
            return false;
        }
        for (int at = start + Character.charCount(name.codePointAt(start)); at < end; ) {
            int c = name.codePointAt(at);
            if (!Character.isJavaIdentifierPart(c)) {
                return false;
            }
            at += Character.charCount(c);
        }
        return !KEYWORDS.contains(name.substring(start, end));
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        return message.lines().findFirst().orElse("").strip();
    }
}
