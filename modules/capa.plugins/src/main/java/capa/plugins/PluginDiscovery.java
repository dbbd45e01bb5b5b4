package capa.plugins;

import capa.base.PluginId;
import capa.base.PluginMode;
import capa.plugins.JarExaminer.Item;
import capa.plugins.JarExaminer.JarResult;
import capa.plugins.JarExaminer.Outcome;
import capa.plugins.gate.Gate;
import capa.base.PluginCoordinates;
import capa.plugins.lock.LockState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Discovery: the one code path that {@code plugins list}, {@code trust}, {@code verify} and
 * {@code run} share, so that what {@code list} shows as loaded is exactly what {@code run}
 * loads.
 */
public final class PluginDiscovery {

    private static final int MAX_THREADS = 4;

    private PluginDiscovery() {
    }

    /** Finds, reads, hashes, gates and contract-checks every plugin. Never runs plugin code. */
    public static PluginReport discover(DiscoveryRequest request) {
        PluginMode mode = request.mode();
        LockState lock = request.lock();
        if (mode == PluginMode.PRODUCTION && !(lock instanceof LockState.Loaded)) {
            // No trust state to run under: nothing loads, and nothing is even read.
            return new PluginReport(mode, lock, List.of(), List.of(), List.of());
        }
        List<LoadedPlugin> builtins = request.includeBuiltins() ? Builtins.discover() : List.of();
        Set<PluginId> builtinIds = new HashSet<>();
        builtins.forEach(b -> builtinIds.add(b.description().id()));

        List<Rejection> directoryProblems = new ArrayList<>();
        List<Path> jars = jars(request.pluginDirectories(), directoryProblems);
        jars.addAll(request.pluginJars());
        JarExaminer.Settings settings = new JarExaminer.Settings(mode, lock, Set.copyOf(builtinIds), request.use());
        List<JarResult> results = examineAll(jars, settings);
        return assemble(mode, lock, builtins, directoryProblems, results);
    }

    /**
     * The plugins of {@code directories}, in discovery order: their {@code *.jar} files and
     * their bundle directories (every other directory that is not hidden, see
     * {@link PluginBundle}); what cannot be listed goes to {@code problems}.
     */
    static List<Path> jars(List<Path> directories, List<Rejection> problems) {
        List<Path> jars = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path directory : directories) {
            Path absolute = directory.toAbsolutePath().normalize();
            // The same directory named twice, or through a link, is read once: its JARs are
            // not rivals for their own ids.
            if (!seen.add(realPath(absolute))) {
                continue;
            }
            // Checked before listing: opening a FIFO named as a plugin directory would block
            // until some other process wrote to it.
            String unlistable = switch (PathStatus.of(absolute)) {
                case PathStatus.Present(BasicFileAttributes attributes) -> attributes.isDirectory() ? null : "not a directory";
                case PathStatus.Missing missing -> "plugin directory does not exist";
                case PathStatus.Unreadable(String reason) -> "plugin directory cannot be read (" + reason + ")";
            };
            if (unlistable != null) {
                problems.add(new Rejection(absolute.toString(), Rejection.Kind.PLUGIN_DIRECTORY, unlistable));
                continue;
            }
            try (Stream<Path> entries = Files.list(absolute)) {
                for (Path entry : entries.filter(PluginDiscovery::isPluginEntry)
                        .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                    String unreadable = isJarName(entry.getFileName().toString()) ? unreadable(entry) : null;
                    if (unreadable == null) {
                        jars.add(entry);
                    } else {
                        problems.add(new Rejection(entry.getFileName().toString(), Rejection.Kind.UNREADABLE,
                                "cannot be read: " + unreadable));
                    }
                }
            } catch (NoSuchFileException e) {
                problems.add(new Rejection(absolute.toString(), Rejection.Kind.PLUGIN_DIRECTORY,
                        "plugin directory does not exist"));
            } catch (NotDirectoryException e) {
                problems.add(new Rejection(absolute.toString(), Rejection.Kind.PLUGIN_DIRECTORY, "not a directory"));
            } catch (IOException e) {
                problems.add(new Rejection(absolute.toString(), Rejection.Kind.PLUGIN_DIRECTORY, "plugin directory cannot be read ("
                        + e.getClass().getSimpleName() + ")"));
            }
        }
        return jars;
    }

    private static Path realPath(Path directory) {
        try {
            return directory.toRealPath();
        } catch (IOException e) {
            return directory;
        }
    }

    /**
     * Whether a directory entry is a plugin: a JAR by its name, or a bundle, a directory that
     * is not hidden ({@code .git}, {@code .cache} are not plugins). A directory named
     * {@code *.jar} is taken for a JAR, and reported as a directory that is no JAR file.
     */
    private static boolean isPluginEntry(Path entry) {
        String name = entry.getFileName().toString();
        return isJarName(name) || (!name.startsWith(".") && Files.isDirectory(entry));
    }

    /**
     * Whether a directory entry is a plugin JAR by its name: {@code .jar} in any letter case
     * ({@code LAB-PROBE-2.0.JAR} from a Windows share is a plugin too, where the JDK's
     * module path skips it), and more than the extension.
     */
    static boolean isJarName(String fileName) {
        return fileName.length() > 4 && fileName.regionMatches(true, fileName.length() - 4, ".jar", 0, 4);
    }

    /**
     * Why a {@code *.jar} entry cannot be read as a file, or {@code null} when it can: an
     * operator who dropped it expects to see it in {@code list}, so it is never skipped
     * silently.
     */
    static String unreadable(Path entry) {
        return switch (PathStatus.of(entry)) {
            case PathStatus.Missing(boolean brokenLink) ->
                    brokenLink ? "broken symbolic link" : "it was removed while the directory was read";
            case PathStatus.Unreadable(String reason) -> reason;
            case PathStatus.Present(BasicFileAttributes attributes) -> attributes.isDirectory() ? "a directory, not a JAR file"
                    : !attributes.isRegularFile() ? "not a regular file"
                    : !Files.isReadable(entry) ? "permission denied"
                    : null;
        };
    }

    private static List<JarResult> examineAll(List<Path> jars, JarExaminer.Settings settings) {
        return forEachJar(jars, jar -> JarExaminer.examine(jar, settings));
    }

    /**
     * {@code work} applied to each JAR on up to as many threads as there are cores (reading
     * and hashing dominate), the results in the JARs' order. Each thread holds at most one
     * JAR's bytes at a time when inspecting.
     */
    static <T> List<T> forEachJar(List<Path> jars, Function<Path, T> work) {
        int threads = Math.min(Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()), jars.size());
        if (threads <= 1) {
            return jars.stream().map(work).toList();
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "capa-discovery");
            thread.setDaemon(true);
            return thread;
        })) {
            List<Future<T>> futures = jars.stream().map(jar -> pool.submit(() -> work.apply(jar))).toList();
            List<T> results = new ArrayList<>(futures.size());
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("discovery was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The whole report in one pass: an id claimed by more than one JAR is refused on every
     * claimant (neither is trusted to be the intended one), except in production when the gate
     * passed exactly one of them: the lock names that JAR by its digest, so it loads and the
     * others are refused as impostors, and a JAR dropped beside a trusted plugin cannot take it
     * down. Drift is computed for every installed procedure with a lock entry, loaded or not.
     */
    private static PluginReport assemble(PluginMode mode, LockState lock, List<LoadedPlugin> builtins,
                                         List<Rejection> directoryProblems, List<JarResult> results) {
        Map<PluginId, List<String>> claimants = new LinkedHashMap<>();
        Map<PluginId, List<String>> notGated = new HashMap<>();
        for (JarResult result : results) {
            for (Item item : result.items()) {
                if (item instanceof Item.Claimed claimed) {
                    claimants.computeIfAbsent(claimed.description().id(), id -> new ArrayList<>())
                            .add(result.fileName());
                    if (!gateRefused(claimed.outcome())) {
                        notGated.computeIfAbsent(claimed.description().id(), id -> new ArrayList<>())
                                .add(result.fileName());
                    }
                }
            }
        }
        List<LoadedPlugin> loaded = new ArrayList<>(builtins);
        Set<Rejection> rejected = new LinkedHashSet<>(directoryProblems);
        List<PluginDescription> installed = new ArrayList<>();
        builtins.forEach(b -> installed.add(b.description()));
        for (JarResult result : results) {
            for (Item item : result.items()) {
                switch (item) {
                    case Item.Unclaimed(Rejection rejection) -> rejected.add(rejection);
                    case Item.Claimed(PluginDescription description, Outcome outcome) -> {
                        installed.add(description);
                        List<String> files = claimants.get(description.id());
                        List<String> trusted = notGated.getOrDefault(description.id(), List.of());
                        if (files.size() > 1 && mode == PluginMode.PRODUCTION && trusted.size() == 1) {
                            if (!trusted.get(0).equals(result.fileName())) {
                                rejected.add(impostor(description.id(), result.fileName(), trusted.get(0), outcome));
                                continue;
                            }
                        } else if (files.size() > 1) {
                            rejected.add(duplicate(description.id(), result.fileName(), files));
                            continue;
                        }
                        switch (outcome) {
                            case Outcome.Accepted(LoadedPlugin plugin) -> loaded.add(plugin);
                            case Outcome.Refused(Rejection rejection) -> rejected.add(rejection);
                            case Outcome.Admitted admitted -> throw new IllegalStateException(
                                    description.id() + " was never contract-checked");
                        }
                    }
                }
            }
        }
        return new PluginReport(mode, lock, loaded, List.copyOf(rejected), drift(lock, installed));
    }

    /** Whether production's gate refused the procedure: the lock does not trust this JAR for it. */
    static boolean gateRefused(Outcome outcome) {
        return outcome instanceof Outcome.Refused(Rejection rejection) && rejection.kind().isGate();
    }

    private static Rejection impostor(PluginId id, String fileName, String trustedFile, Outcome outcome) {
        String why = outcome instanceof Outcome.Refused(Rejection rejection) ? rejection.reason() : "";
        return new Rejection(id.value(), Rejection.Kind.DUPLICATE_ID, fileName + " claims the id of " + trustedFile
                + ", which plugins.lock trusts, and does not match its entry (" + why + ")");
    }

    private static Rejection duplicate(PluginId id, String fileName, List<String> claimants) {
        List<String> others = new ArrayList<>(claimants);
        others.remove(fileName);
        String named = others.isEmpty() ? fileName + " (twice)" : String.join(", ", others);
        return new Rejection(id.value(), Rejection.Kind.DUPLICATE_ID, fileName + " conflicts with " + named);
    }

    private static List<Drift> drift(LockState lock, List<PluginDescription> installed) {
        if (!(lock instanceof LockState.Loaded loaded)) {
            return List.of();
        }
        Set<Drift> drift = new LinkedHashSet<>();
        Set<PluginId> installedIds = new HashSet<>();
        for (PluginDescription description : installed) {
            installedIds.add(description.id());
            loaded.lockfile().entry(description.id())
                    .ifPresent(entry -> drift.addAll(Gate.drift(description, entry)));
        }
        for (PluginCoordinates entry : loaded.lockfile().entries()) {
            if (!installedIds.contains(entry.id())) {
                drift.add(new Drift.NotInstalled(entry.id(), entry.packageName(), entry.version()));
            }
        }
        return List.copyOf(drift);
    }
}
