package capa.plugins.layer;

import capa.api.Procedure;
import capa.plugins.metadata.VersionedJar;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolutionException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gives one plugin (a JAR, or a bundle directory of JARs) its own {@link ModuleLayer}, whose
 * parent is the layer holding capa's {@code capa.api}, with all of the plugin's classes, its
 * libraries' included, in one new class loader. One plugin's layer never sees another plugin,
 * nor another bundle's libraries.
 */
public final class PluginLayers {

    private PluginLayers() {
    }

    /** Why a plugin's module could not be resolved or defined; the message is one line. */
    public static final class UnresolvableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnresolvableException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * One module of a plugin's layer.
     *
     * @param descriptor its descriptor, as read from the JAR's bytes
     * @param location where its JAR was read from, recorded as the module's location
     * @param jar the JAR as the runtime reads it, every class and resource of the module read through it
     */
    public record LayerModule(ModuleDescriptor descriptor, URI location, VersionedJar jar) {
    }

    /**
     * A {@code requires} that neither the plugin's own modules nor capa's layer satisfies.
     *
     * @param module the module that requires it
     * @param required the module it requires
     * @param platform whether {@code required} is a module of the Java platform ({@code java.*},
     *     {@code jdk.*}), which no plugin can bring: only the image can provide it
     */
    public record MissingModule(String module, String required, boolean platform) {
    }

    /** The names of the modules of this runtime image (for a JDK, every JDK module). */
    private static final class SystemModules {
        static final Set<String> NAMES = ModuleFinder.ofSystem().findAll().stream()
                .map(reference -> reference.descriptor().name())
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Resolves the plugin's module against capa's layer and defines it. No class is loaded
     * here; classes are defined on demand from the in-memory JAR.
     *
     * @param location where the JAR was read from, recorded as the module's location
     * @param jar the JAR as the runtime reads it, every class and resource of the layer read through it
     * @return the layer's controller, which {@code capa run} later uses to let its binder
     *     construct the plugin's configuration record
     */
    public static ModuleLayer.Controller define(ModuleDescriptor descriptor, URI location, VersionedJar jar)
            throws UnresolvableException {
        return define(List.of(new LayerModule(descriptor, location, jar)));
    }

    /**
     * Resolves all of a plugin's modules together against capa's layer, every one of them a
     * root (a library no other module requires is still the bundle's), and defines them with
     * one class loader. No class is loaded here.
     *
     * @param modules the modules, of distinct names
     * @return the layer's controller
     */
    public static ModuleLayer.Controller define(List<LayerModule> modules) throws UnresolvableException {
        for (LayerModule module : modules) {
            // The JVM refuses these too, but in a message naming the class loader by its
            // identity hash, a number that differs at every run.
            Optional<String> platformPackage = module.descriptor().packages().stream()
                    .filter(PluginLayers::isJavaPackage).sorted().findFirst();
            if (platformPackage.isPresent()) {
                throw new UnresolvableException("module " + module.descriptor().name() + " contains package "
                        + platformPackage.get() + ", but packages named java.* belong to the Java platform:"
                        + " no plugin or library may define one");
            }
        }
        ModuleLayer parent = capaLayer();
        Set<String> roots = modules.stream().map(m -> m.descriptor().name()).collect(Collectors.toSet());
        try {
            Configuration configuration = parent.configuration().resolve(
                    new InMemoryModuleFinder(modules), ModuleFinder.of(), roots);
            return ModuleLayer.defineModulesWithOneLoader(configuration, List.of(parent),
                    Procedure.class.getClassLoader());
        } catch (FindException | ResolutionException | LayerInstantiationException | SecurityException e) {
            throw new UnresolvableException(oneLine(e));
        }
    }

    /**
     * The first {@code requires} (not {@code static}) of {@code modules}, in their order, that
     * names neither one of {@code modules} nor a module of capa's layer: what the JDK's
     * resolver would fail on, found from the descriptors alone.
     */
    public static Optional<MissingModule> missingModule(List<ModuleDescriptor> modules) {
        Set<String> own = modules.stream().map(ModuleDescriptor::name).collect(Collectors.toSet());
        ModuleLayer parent = capaLayer();
        for (ModuleDescriptor module : modules) {
            for (ModuleDescriptor.Requires requires : module.requires()) {
                String name = requires.name();
                if (requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)
                        || own.contains(name) || parent.findModule(name).isPresent()) {
                    continue;
                }
                return Optional.of(new MissingModule(module.name(), name, isPlatformName(name)));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code name} is a package only the Java platform may define: {@code java} or {@code java.*}. */
    static boolean isJavaPackage(String name) {
        return name.equals("java") || name.startsWith("java.");
    }

    /** Whether {@code name} is one of capa's own modules: {@code capa} or {@code capa.*}. */
    public static boolean isCapaModule(String name) {
        return name.equals("capa") || name.startsWith("capa.");
    }

    /** Whether {@code name} belongs to the Java platform: {@code java.*} or {@code jdk.*}. */
    public static boolean isPlatformName(String name) {
        return name.startsWith("java.") || name.startsWith("jdk.");
    }

    /** Whether {@code name} is a module of the runtime image capa runs in ({@link ModuleFinder#ofSystem()}). */
    public static boolean isSystemModule(String name) {
        return SystemModules.NAMES.contains(name);
    }

    /** The layer that holds capa's own {@code capa.api}, parent of every plugin layer. */
    public static ModuleLayer capaLayer() {
        ModuleLayer layer = Procedure.class.getModule().getLayer();
        return layer != null ? layer : ModuleLayer.boot();
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        return message.lines().map(String::strip).filter(l -> !l.isEmpty())
                .reduce((a, b) -> a + "; " + b).orElse(e.getClass().getSimpleName());
    }
}
