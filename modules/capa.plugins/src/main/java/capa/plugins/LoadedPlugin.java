package capa.plugins;

import capa.api.Procedure;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * A procedure that passed gating and the contract check. Its provider class is loaded in its
 * plugin's layer but not initialised; nothing of it has run.
 */
public final class LoadedPlugin {

    private final PluginDescription description;
    private final Class<? extends Record> configType;
    private final ModuleLayer layer;
    private final Class<?> providerClass;
    private final boolean runnable;

    LoadedPlugin(PluginDescription description, Class<? extends Record> configType,
                 ModuleLayer layer, Class<?> providerClass, boolean runnable) {
        this.description = Objects.requireNonNull(description, "description");
        this.configType = Objects.requireNonNull(configType, "configType");
        this.layer = Objects.requireNonNull(layer, "layer");
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
        return ServiceLoader.load(layer, Procedure.class).stream()
                .filter(provider -> provider.type() == providerClass)
                .findFirst()
                .map(ServiceLoader.Provider::get)
                .orElseThrow(() -> new IllegalStateException(
                        description.id() + ": provider " + providerClass.getName() + " is not in its layer"));
    }

    @Override
    public String toString() {
        return "LoadedPlugin[" + description.id() + " " + description.entryPoint() + "]";
    }
}
