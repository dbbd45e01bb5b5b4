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
import java.util.Set;

/**
 * Gives one plugin JAR its own {@link ModuleLayer}, whose parent is the layer holding
 * capa's {@code capa.api}, with all of the plugin's classes in one new class loader. One
 * plugin's layer never sees another plugin.
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
     * Resolves the plugin module against capa's layer and defines it. No class is loaded
     * here; classes are defined on demand from the in-memory JAR.
     *
     * @param location where the JAR was read from, recorded as the module's location
     * @param jar the JAR as the runtime reads it, every class and resource of the layer read through it
     * @return the layer's controller, which {@code capa run} later uses to let its binder
     *     construct the plugin's configuration record
     */
    public static ModuleLayer.Controller define(ModuleDescriptor descriptor, URI location, VersionedJar jar)
            throws UnresolvableException {
        ModuleLayer parent = capaLayer();
        try {
            Configuration configuration = parent.configuration().resolve(
                    new InMemoryModuleFinder(descriptor, location, jar), ModuleFinder.of(),
                    Set.of(descriptor.name()));
            return ModuleLayer.defineModulesWithOneLoader(configuration, List.of(parent),
                    Procedure.class.getClassLoader());
        } catch (FindException | ResolutionException | LayerInstantiationException | SecurityException e) {
            throw new UnresolvableException(oneLine(e));
        }
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
