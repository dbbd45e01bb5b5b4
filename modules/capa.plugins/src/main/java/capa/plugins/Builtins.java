package capa.plugins;

import capa.base.PluginCoordinates;
import capa.api.Procedure;
import capa.base.PluginId;
import capa.plugins.builtins.CapaDigest;
import capa.plugins.contract.ConfigTypes;
import capa.plugins.metadata.NotAPluginException;
import capa.plugins.metadata.ProviderInfo;
import capa.plugins.metadata.ProviderInfoReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.ServiceLoader;

/**
 * capa's builtin procedures: the providers of {@code capa.api.Procedure} in the boot layer.
 * They ship inside the image; their annotation is read from their class files as a plugin's is.
 */
final class Builtins {

    static final String PACKAGE = "capa";

    private Builtins() {
    }

    static List<LoadedPlugin> discover() {
        return ServiceLoader.load(ModuleLayer.boot(), Procedure.class).stream()
                .filter(provider -> provider.type().getModule().getLayer() == ModuleLayer.boot())
                .map(provider -> describe(provider.type()))
                .toList();
    }

    private static LoadedPlugin describe(Class<?> type) {
        // The annotation is read from the class file, as for plugins, not by reflection: the
        // JDK would answer with a proxy class generated at run time, a cost at every start.
        ProviderInfo info = info(type);
        Class<?> config = ConfigTypes.of(type).orElse(Object.class);
        if (info.id().isEmpty() || info.name().isEmpty() || !config.isRecord()) {
            throw broken(type);
        }
        PluginDescription description = new PluginDescription(new PluginCoordinates(PluginId.parse(info.id().get()),
                PACKAGE, capaVersion(), type.getModule().getName() + "/" + type.getName(), CapaDigest.get()),
                info.name().get(), info.description(), true);
        return new LoadedPlugin(description, config.asSubclass(Record.class), null, type, true);
    }

    private static ProviderInfo info(Class<?> type) {
        try (InputStream in = type.getModule().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            if (in == null) {
                throw broken(type);
            }
            return ProviderInfoReader.read(in.readAllBytes(), type.getName());
        } catch (IOException | NotAPluginException e) {
            throw new IllegalStateException("capa's builtin " + type.getName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static IllegalStateException broken(Class<?> type) {
        return new IllegalStateException("capa's builtin " + type.getName()
                + " breaks the procedure contract; this is a bug in capa");
    }

    /** capa's own version: the version of the {@code capa.plugins} module. */
    static String capaVersion() {
        var descriptor = Builtins.class.getModule().getDescriptor();
        return descriptor == null ? "unversioned" : descriptor.rawVersion().orElse("unversioned");
    }
}
