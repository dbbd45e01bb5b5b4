package capa.plugins;

import capa.api.Procedure;
import capa.api.ProcedureInfo;
import capa.plugins.builtins.CapaDigest;
import capa.plugins.contract.ConfigTypes;
import java.util.List;
import java.util.ServiceLoader;

/**
 * capa's builtin procedures: the providers of {@code capa.api.Procedure} in the boot layer.
 * They ship inside the image, so reading their annotation by reflection runs no plugin code.
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
        ProcedureInfo info = type.getAnnotation(ProcedureInfo.class);
        Class<?> config = ConfigTypes.of(type).orElse(Object.class);
        if (info == null || !config.isRecord()) {
            throw new IllegalStateException("capa's builtin " + type.getName()
                    + " breaks the procedure contract; this is a bug in capa");
        }
        PluginDescription description = new PluginDescription(PluginId.parse(info.id()), info.name(),
                info.description(), PACKAGE, capaVersion(),
                type.getModule().getName() + "/" + type.getName(), CapaDigest.get(), true);
        return new LoadedPlugin(description, config.asSubclass(Record.class), null, type, true);
    }

    /** capa's own version: the version of the {@code capa.plugins} module. */
    static String capaVersion() {
        var descriptor = Builtins.class.getModule().getDescriptor();
        return descriptor == null ? "unversioned" : descriptor.rawVersion().orElse("unversioned");
    }
}
