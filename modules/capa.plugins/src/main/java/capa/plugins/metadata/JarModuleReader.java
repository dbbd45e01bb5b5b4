package capa.plugins.metadata;

import capa.plugins.jar.JarFormatException;
import capa.plugins.jar.JarText;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.module.InvalidModuleDescriptorException;
import java.lang.module.ModuleDescriptor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives a JAR's module descriptor from its bytes by the rules of the JDK's module path
 * ({@code jdk.internal.module.ModulePath.readJar}), so that capa's module for a JAR is the one
 * {@link java.lang.module.ModuleFinder#of} would find for the same file:
 *
 * <ul>
 * <li>with a {@code module-info.class} (for a multi-release JAR, the versioned one that applies,
 *     {@link VersionedJar}): that descriptor; when it lists no packages, the packages are those
 *     of every entry in a legal package;</li>
 * <li>otherwise an automatic module: named by {@code Automatic-Module-Name}, else by the file
 *     name (its {@code -<version>} tail removed, other characters than letters and digits made
 *     dots); versioned by that tail when it parses as a module version; holding every legal
 *     package with a class file; providing what each {@code META-INF/services/} file lists;
 *     with the manifest's {@code Main-Class} when it is in the module.</li>
 * </ul>
 *
 * <p>Where the JDK refuses a JAR, this refuses it too, with a reason that names the source of
 * the bad value (file name, manifest attribute, {@code module-info.class}, services file and
 * line) and the fix.
 */
public final class JarModuleReader {

    static final String MODULE_INFO = "module-info.class";
    static final String SERVICES = "META-INF/services/";
    /** As in {@code ModulePath}: the first {@code -<digits>.} or {@code -<digits>} at the end. */
    private static final Pattern DASH_VERSION = Pattern.compile("-(\\d+(\\.|$))");
    private static final Pattern NON_ALPHANUM = Pattern.compile("[^A-Za-z0-9]");
    private static final Pattern REPEATING_DOTS = Pattern.compile("(\\.)(\\1)+");

    private JarModuleReader() {
    }

    /**
     * The module of the JAR with file name {@code fileName} ({@code .jar} in any letter case).
     *
     * @throws NotAPluginException when the JDK would not find a module in the JAR, with the
     *     reason, its source and the fix
     * @throws JarFormatException when an entry's bytes cannot be read from the archive
     */
    public static JarModule read(String fileName, VersionedJar jar) throws NotAPluginException, JarFormatException {
        Optional<String> moduleInfo = jar.entryName(MODULE_INFO);
        return moduleInfo.isPresent() ? named(jar, moduleInfo.get()) : automatic(fileName, jar);
    }

    private static JarModule named(VersionedJar jar, String entry) throws NotAPluginException, JarFormatException {
        byte[] bytes = jar.read(MODULE_INFO).orElseThrow();
        ModuleDescriptor descriptor;
        try {
            descriptor = ModuleDescriptor.read(ByteBuffer.wrap(bytes), () -> {
                try {
                    return entryPackages(jar);
                } catch (NotAPluginException e) {
                    throw new UnnamedPackage(e);
                }
            });
        } catch (UnnamedPackage e) {
            throw e.reason;
        } catch (InvalidModuleDescriptorException e) {
            throw new NotAPluginException(NotAPluginException.Kind.INVALID_MODULE, entry + " is not a valid module descriptor ("
                    + printable(e.getMessage()) + "): rebuild the module");
        }
        JarModule.Source source = JarModule.Source.moduleInfo(entry);
        return new JarModule(descriptor, source, descriptor.rawVersion().map(v -> source));
    }

    /** Carries a refusal out of the package supplier that {@link ModuleDescriptor#read} calls. */
    private static final class UnnamedPackage extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient NotAPluginException reason;

        UnnamedPackage(NotAPluginException reason) {
            super(null, null, false, false);
            this.reason = reason;
        }
    }

    /** Every legal package holding an entry (a resource or a class), as {@code ModulePath.jarPackages}. */
    private static Set<String> entryPackages(VersionedJar jar) throws NotAPluginException {
        Set<String> packages = new HashSet<>();
        Set<String> illegal = new HashSet<>();
        for (String name : jar.names()) {
            if (!name.endsWith("/")) {
                packageOf(name, packages, illegal);
            }
        }
        return packages;
    }

    /**
     * Adds the package of entry {@code name} to {@code packages} when it is a legal package
     * name; an entry in no package is fine unless it is a class. Most entries share a few
     * directories, so each is judged once.
     */
    private static void packageOf(String name, Set<String> packages, Set<String> illegal)
            throws NotAPluginException {
        int slash = name.lastIndexOf('/');
        if (slash < 0) {
            if (name.endsWith(".class") && !name.equals(MODULE_INFO)) {
                throw new NotAPluginException(NotAPluginException.Kind.INVALID_MODULE, printable(name) + " is in the unnamed package, which a module"
                        + " cannot hold: move it into a package");
            }
            return;
        }
        String pkg = name.substring(0, slash).replace('/', '.');
        if (!packages.contains(pkg) && !illegal.contains(pkg)) {
            (JavaNames.isQualified(pkg) ? packages : illegal).add(pkg);
        }
    }

    private static JarModule automatic(String fileName, VersionedJar jar)
            throws NotAPluginException, JarFormatException {
        Attributes manifest = jar.manifest();
        String base = fileName.toLowerCase(Locale.ROOT).endsWith(".jar")
                ? fileName.substring(0, fileName.length() - 4) : fileName;
        String fileVersion = null;
        Matcher matcher = DASH_VERSION.matcher(base);
        if (matcher.find()) {
            String tail = base.substring(matcher.start() + 1);
            try {
                ModuleDescriptor.Version.parse(tail);
                fileVersion = tail;
            } catch (IllegalArgumentException notAVersion) {
                // As the JDK: the tail is dropped from the name all the same.
            }
            base = base.substring(0, matcher.start());
        }
        String declared = manifest.getValue("Automatic-Module-Name");
        JarModule.Source nameSource;
        String name;
        if (declared != null) {
            name = declared;
            nameSource = JarModule.Source.AUTOMATIC_MODULE_NAME;
            Optional<String> why = JavaNames.whyNotQualified(name);
            if (why.isPresent()) {
                throw new NotAPluginException(NotAPluginException.Kind.INVALID_MODULE, "Automatic-Module-Name '" + printable(name) + "' in "
                        + VersionedJar.MANIFEST + " is not a legal module name: " + why.get());
            }
        } else {
            name = cleanModuleName(base);
            nameSource = JarModule.Source.FILE_NAME;
            Optional<String> why = JavaNames.whyNotQualified(name);
            if (why.isPresent()) {
                throw new NotAPluginException(NotAPluginException.Kind.INVALID_MODULE, "cannot derive a module name from the file name: '"
                        + printable(name) + "' is not a legal module name (" + why.get()
                        + "); add Automatic-Module-Name to the manifest, or rename the file");
            }
        }
        ModuleDescriptor.Builder builder = ModuleDescriptor.newAutomaticModule(name);
        if (fileVersion != null) {
            builder.version(fileVersion);
        }
        Set<String> packages = new TreeSet<>();
        Set<String> illegal = new HashSet<>();
        List<String> serviceFiles = new ArrayList<>();
        for (String entry : jar.names()) {
            if (entry.endsWith("/")) {
                continue;
            }
            boolean isClass = entry.endsWith(".class");
            boolean isService = entry.startsWith(SERVICES);
            if (isClass && !isService) {
                packageOf(entry, packages, illegal);
            } else if (isService && !isClass && isServiceFile(entry)) {
                serviceFiles.add(entry);
            }
        }
        builder.packages(packages);
        for (String file : serviceFiles) {
            List<String> providers = providers(jar, file, packages);
            if (!providers.isEmpty()) {
                builder.provides(file.substring(SERVICES.length()), providers);
            }
        }
        String mainClass = manifest.getValue(Attributes.Name.MAIN_CLASS);
        if (mainClass != null) {
            mainClass = mainClass.replace('/', '.');
            if (JavaNames.isQualified(mainClass) && packages.contains(packageName(mainClass))) {
                builder.mainClass(mainClass);
            }
        }
        return new JarModule(builder.build(), nameSource,
                fileVersion == null ? Optional.empty() : Optional.of(JarModule.Source.FILE_NAME));
    }

    /** {@code META-INF/services/<a legal class name>}, as {@code ModulePath.toServiceName}. */
    private static boolean isServiceFile(String entry) {
        String service = entry.substring(SERVICES.length());
        return !service.isEmpty() && !service.contains("/") && JavaNames.isQualified(service);
    }

    /**
     * The classes a services file lists, in order, duplicates kept (as the JDK keeps them):
     * lines split as {@link BufferedReader#readLine} splits them, from {@code #} to the end of
     * the line a comment, white space trimmed.
     */
    private static List<String> providers(VersionedJar jar, String file, Set<String> packages)
            throws NotAPluginException, JarFormatException {
        byte[] bytes = jar.read(file).orElseThrow();
        List<String> providers = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes),
                StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                int hash = line.indexOf('#');
                String provider = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (provider.isEmpty()) {
                    continue;
                }
                String where = file + " line " + number;
                if (!packages.contains(packageName(provider))) {
                    throw new NotAPluginException(NotAPluginException.Kind.INVALID_MODULE, where + " lists " + quoted(provider)
                            + ", which is not in the JAR: list only classes the JAR holds");
                }
                Optional<String> why = JavaNames.whyNotQualified(provider);
                if (why.isPresent()) {
                    throw new NotAPluginException(NotAPluginException.Kind.INVALID_MODULE, where + " lists " + quoted(provider)
                            + ", which is not a class name: " + why.get());
                }
                providers.add(provider);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading bytes in memory", e);
        }
        return providers;
    }

    /** As {@code ModulePath.cleanModuleName}: non-alphanumerics to dots, no repeated, leading or trailing dots. */
    static String cleanModuleName(String name) {
        String cleaned = NON_ALPHANUM.matcher(name).replaceAll(".");
        cleaned = REPEATING_DOTS.matcher(cleaned).replaceAll(".");
        if (cleaned.startsWith(".")) {
            cleaned = cleaned.substring(1);
        }
        if (cleaned.endsWith(".")) {
            cleaned = cleaned.substring(0, cleaned.length() - 1);
        }
        return cleaned;
    }

    private static String packageName(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static String quoted(String text) {
        return "'" + printable(text) + "'";
    }

    static String printable(String text) {
        if (text == null) {
            return "unreadable";
        }
        return JarText.shortened(text.lines().findFirst().orElse("").strip(), 200);
    }
}
