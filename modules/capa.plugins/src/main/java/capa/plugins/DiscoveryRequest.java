package capa.plugins;

import capa.base.PluginMode;
import capa.plugins.lock.LockState;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to discover, and under which trust settings.
 *
 * @param pluginDirectories directories whose {@code *.jar} files and bundle directories are
 *     plugins, in order
 * @param mode dev or production
 * @param lock what the lock lookup found
 * @param includeBuiltins whether capa's builtin procedures are part of the report
 * @param use whether the caller may run what loads ({@link Use#RUN}) or only inspects it
 * @param pluginJars JAR files and bundle directories that are plugins wherever they are,
 *     examined after the directories' plugins in the order given ({@code plugins check}
 *     names them one by one)
 */
public record DiscoveryRequest(List<Path> pluginDirectories, PluginMode mode, LockState lock,
                               boolean includeBuiltins, Use use, List<Path> pluginJars) {

    /**
     * Whether loaded plugins keep their JAR bytes so that {@link LoadedPlugin#newInstance}
     * can load the rest of their classes. Inspection drops each JAR's bytes as soon as its
     * contract check is done, so that listing many large JARs needs little memory.
     */
    public enum Use {
        /** {@code plugins list}, {@code trust}, {@code verify}, {@code check}: nothing will be run. */
        INSPECT,
        /** {@code run}: a loaded procedure may be instantiated. */
        RUN
    }

    public DiscoveryRequest {
        pluginDirectories = List.copyOf(pluginDirectories);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(use, "use");
        pluginJars = List.copyOf(pluginJars);
    }

    /** Discovery over plugin directories only, as every command but {@code plugins check} does. */
    public DiscoveryRequest(List<Path> pluginDirectories, PluginMode mode, LockState lock,
                            boolean includeBuiltins, Use use) {
        this(pluginDirectories, mode, lock, includeBuiltins, use, List.of());
    }
}
