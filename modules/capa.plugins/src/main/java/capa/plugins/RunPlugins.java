package capa.plugins;

import capa.base.PluginId;
import capa.base.PluginMode;
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
 * refuses it (in production every claimant is read, and the one the gate passes loads when
 * the others are impostors the gate refused), and so is a JAR whose full read claims other ids
 * than its peek did (it changed in between). Every refusal is explained by {@link #report()}, the whole discovery that
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
        Optional<LoadedPlugin> done = loaded.stream().filter(p -> p.description().id().equals(id)).findFirst();
        if (done.isPresent()) {
            return done;
        }
        List<Path> jars = claimants.getOrDefault(id, List.of());
        // Several claimants: only production's gate can tell the one the lock trusts, so all are read.
        if (jars.isEmpty() || (jars.size() > 1 && request.mode() != PluginMode.PRODUCTION)) {
            return Optional.empty();
        }
        List<LoadedPlugin> accepted = new ArrayList<>();
        int notGated = 0;
        for (Path jar : jars) {
            JarResult result = examined.computeIfAbsent(jar, j -> JarExaminer.examine(j, settings));
            if (!claimsAsPeeked(jar, result)) {
                return Optional.empty();
            }
            for (Item item : result.items()) {
                if (item instanceof Item.Claimed(PluginDescription d, Outcome outcome) && d.id().equals(id)) {
                    notGated += PluginDiscovery.gateRefused(outcome) ? 0 : 1;
                    if (outcome instanceof Outcome.Accepted(LoadedPlugin plugin)) {
                        accepted.add(plugin);
                    }
                }
            }
        }
        if (notGated != 1 || accepted.size() != 1) {
            return Optional.empty();
        }
        loaded.add(accepted.get(0));
        return Optional.of(accepted.get(0));
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

    /** The builtins and every procedure loaded so far, in the order they were loaded: what a run used. */
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
