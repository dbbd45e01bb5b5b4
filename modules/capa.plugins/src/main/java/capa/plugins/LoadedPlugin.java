package capa.plugins;

import capa.api.Procedure;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.ServiceLoader;

/**
 * A procedure that passed gating and the contract check. Its provider class is loaded in its
 * plugin's layer but not initialised; nothing of it has run.
 */
public final class LoadedPlugin {

    private final PluginDescription description;
    private final Class<? extends Record> configType;
    /** The plugin layer's controller; null for builtins, which live in the boot layer. */
    private final ModuleLayer.Controller controller;
    private final Class<?> providerClass;
    private final boolean runnable;

    LoadedPlugin(PluginDescription description, Class<? extends Record> configType,
                 ModuleLayer.Controller controller, Class<?> providerClass, boolean runnable) {
        this.description = Objects.requireNonNull(description, "description");
        this.configType = Objects.requireNonNull(configType, "configType");
        this.controller = controller;
        this.providerClass = Objects.requireNonNull(providerClass, "providerClass");
        this.runnable = runnable;
    }

    public PluginDescription description() {
        return description;
    }

    /** The procedure's configuration record. */
    public Class<? extends Record> configType() {
        return configType;
    }

    /**
     * Instantiates the procedure as {@link ServiceLoader} does (its {@code provider()} method
     * or public constructor). This RUNS PLUGIN CODE (static initialisers, the constructor):
     * only {@code capa run} calls it.
     *
     * @throws IllegalStateException when the plugin was discovered for inspection only
     * @throws java.util.ServiceConfigurationError when the plugin fails to instantiate
     */
    public Procedure<?> newInstance() {
        if (!runnable) {
            throw new IllegalStateException(description.id()
                    + " was discovered for inspection only; discover with Use.RUN to run it");
        }
        ModuleLayer layer = controller != null ? controller.layer() : ModuleLayer.boot();
        return ServiceLoader.load(layer, Procedure.class).stream()
                .filter(provider -> provider.type() == providerClass)
                .findFirst()
                .map(ServiceLoader.Provider::get)
                .orElseThrow(() -> new IllegalStateException(
                        description.id() + ": provider " + providerClass.getName() + " is not in its layer"));
    }

    /**
     * Lets {@code binder} construct this procedure's configuration record, and the records
     * nested in it, by their canonical constructors: exports their packages to {@code binder}
     * alone. A plugin author need not export the configuration package to the world; capa run
     * calls this after gating, just before it binds the configuration. Builtins and automatic
     * modules export their packages already.
     *
     * @throws IllegalStateException when the plugin was discovered for inspection only
     */
    public void exportConfigurationTo(Module binder) {
        if (!runnable) {
            throw new IllegalStateException(description.id() + " was discovered for inspection only");
        }
        if (controller == null) {
            return;
        }
        Module plugin = configType.getModule();
        Set<Class<?>> seen = new HashSet<>();
        Deque<java.lang.reflect.Type> pending = new ArrayDeque<>(List.of(configType));
        while (!pending.isEmpty()) {
            java.lang.reflect.Type type = pending.pop();
            if (type instanceof ParameterizedType parameterized) {
                pending.addAll(List.of(parameterized.getActualTypeArguments()));
            } else if (type instanceof Class<?> c && seen.add(c) && c.getModule() == plugin) {
                if (!plugin.isExported(c.getPackageName(), binder)) {
                    controller.addExports(plugin, c.getPackageName(), binder);
                }
                if (c.isRecord()) {
                    for (RecordComponent component : c.getRecordComponents()) {
                        pending.push(component.getGenericType());
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "LoadedPlugin[" + description.id() + " " + description.entryPoint() + "]";
    }
}
