package capa.plugins;

import capa.plugins.JarExaminer.Item;
import capa.plugins.JarExaminer.JarResult;
import capa.plugins.JarExaminer.Outcome;
import capa.plugins.lock.LockState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Discovery for {@code capa run} and {@code capa describe}: every JAR is peeked at to learn
 * which procedure ids it claims ({@link ClaimedIds}), and a JAR is examined in full (read,
 * hashed, gated, its layer defined and contract-checked, as {@link PluginDiscovery} does it)
 * only when a procedure it claims is asked for. A run's cost therefore does not grow with the
 * plugins it does not use: their classes are never defined and their bytes not kept.
 *
 * <p>The gate stays exact. What loads is decided by the full examination alone; the peek only
 * says where to look. An id claimed by more than one JAR is refused as {@code plugins list}
 * refuses it, and so is a JAR whose full read claims other ids than its peek did (it changed
 * in between). Every refusal is explained by {@link #report()}, the whole discovery that
 * {@code plugins list} prints, made only on that path.
 *
 * <p>Thread-safe: nested runs may ask for procedures from several threads.
 */
public final class RunPlugins {

    private final DiscoveryRequest request;
    private final Map<PluginId, LoadedPlugin> builtins = new LinkedHashMap<>();
    private final Map<PluginId, List<Path>> claimants;
    private final Map<Path, List<PluginId>> claimsByJar;
    private final JarExaminer.Settings settings;
    private final Map<Path, JarResult> examined = new HashMap<>();
    private final List<LoadedPlugin> loaded = new ArrayList<>();
    private PluginReport report;

    private RunPlugins(DiscoveryRequest request, List<LoadedPlugin> builtins, Map<Path, List<PluginId>> claimsByJar) {
        this.request = request;
        builtins.forEach(b -> this.builtins.put(b.description().id(), b));
        this.loaded.addAll(builtins);
        this.claimsByJar = claimsByJar;
        this.claimants = new HashMap<>();
        claimsByJar.forEach((jar, ids) -> ids.forEach(id ->
                claimants.computeIfAbsent(id, i -> new ArrayList<>()).add(jar)));
        this.settings = new JarExaminer.Settings(request.mode(), request.lock(), Set.copyOf(this.builtins.keySet()),
                DiscoveryRequest.Use.RUN);
    }

    /**
     * Finds the builtins and peeks at every plugin JAR of {@code request}, which must be for
     * {@link DiscoveryRequest.Use#RUN}. In production without a loaded lock nothing is read
     * and nothing loads, as in {@link PluginDiscovery#discover}.
     */
    public static RunPlugins open(DiscoveryRequest request) {
        if (request.use() != DiscoveryRequest.Use.RUN) {
            throw new IllegalArgumentException("RunPlugins serves runs; inspection discovers everything");
        }
        if (request.mode() == PluginMode.PRODUCTION && !(request.lock() instanceof LockState.Loaded)) {
            return new RunPlugins(request, List.of(), Map.of());
        }
        List<LoadedPlugin> builtins = request.includeBuiltins() ? Builtins.discover() : List.of();
        List<Path> jars = PluginDiscovery.jars(request.pluginDirectories(), new ArrayList<>());
        jars.addAll(request.pluginJars());
        List<List<PluginId>> claims = PluginDiscovery.forEachJar(jars, ClaimedIds::of);
        Map<Path, List<PluginId>> claimsByJar = new LinkedHashMap<>();
        for (int i = 0; i < jars.size(); i++) {
            claimsByJar.merge(jars.get(i), claims.get(i), (a, b) -> a);
        }
        return new RunPlugins(request, builtins, claimsByJar);
    }

    /**
     * The procedure {@code id} if it passes gating and the contract check, examining the one
     * JAR that claims it on first use; empty when it does not (then {@link #report()} says
     * why).
     */
    public synchronized Optional<LoadedPlugin> load(PluginId id) {
        LoadedPlugin builtin = builtins.get(id);
        if (builtin != null) {
            return Optional.of(builtin);
        }
        List<Path> jars = claimants.getOrDefault(id, List.of());
        if (jars.size() != 1) {
            return Optional.empty();
        }
        Path jar = jars.get(0);
        JarResult result = examined.get(jar);
        if (result == null) {
            result = JarExaminer.examine(jar, settings);
            examined.put(jar, result);
            if (claimsAsPeeked(jar, result)) {
                for (Item item : result.items()) {
                    if (item instanceof Item.Claimed(PluginDescription d, Outcome.Accepted(LoadedPlugin plugin))
                            && claimants.get(d.id()).size() == 1) {
                        loaded.add(plugin);
                    }
                }
            }
        }
        return loaded.stream().filter(p -> p.description().id().equals(id)).findFirst();
    }

    private boolean claimsAsPeeked(Path jar, JarResult result) {
        Set<PluginId> read = new HashSet<>();
        for (Item item : result.items()) {
            if (item instanceof Item.Claimed claimed) {
                read.add(claimed.description().id());
            }
        }
        return read.equals(new HashSet<>(claimsByJar.get(jar)));
    }

    /** The builtins and every plugin loaded so far, in the order they were loaded. */
    public synchronized List<LoadedPlugin> loaded() {
        return List.copyOf(loaded);
    }

    /**
     * The whole discovery, exactly as {@code plugins list} makes it for the same request: made
     * once, when first asked, to explain a refusal.
     */
    public synchronized PluginReport report() {
        if (report == null) {
            report = PluginDiscovery.discover(request);
        }
        return report;
    }
}
