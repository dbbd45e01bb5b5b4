package capa.plugins;

import capa.base.PluginCoordinates;
import capa.base.DistributionHash;
import capa.base.PluginId;
import capa.base.PluginMode;
import capa.plugins.contract.ContractCheck;
import capa.plugins.contract.ContractResult;
import capa.plugins.gate.Gate;
import capa.plugins.gate.GateDecision;
import capa.plugins.jar.HashedJar;
import capa.plugins.jar.InMemoryJar;
import capa.plugins.jar.JarFormatException;
import capa.plugins.jar.JarText;
import capa.plugins.jar.Retention;
import capa.plugins.layer.PluginLayers;
import capa.plugins.lock.LockState;
import capa.plugins.metadata.JarMetadata;
import capa.plugins.metadata.JarMetadataReader;
import capa.plugins.metadata.NotAPluginException;
import capa.plugins.metadata.ProviderInfo;
import capa.plugins.metadata.ProviderInfoReader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Examines one plugin JAR from start to finish, independently of every other JAR: reads it
 * once, hashes exactly those bytes, reads its metadata from them, gates each procedure, and
 * only then, if anything passed, defines the JAR's layer from the same bytes and runs the
 * contract check. A procedure that fails gating is decided before the layer exists, so in
 * production no class of an untrusted JAR is ever defined.
 */
final class JarExaminer {

    /** The settings every JAR is examined under. */
    record Settings(PluginMode mode, LockState lock, Set<PluginId> builtinIds, DiscoveryRequest.Use use) {

        /** Inspection reads code and metadata only; a run may read any resource. */
        Retention retention() {
            return use == DiscoveryRequest.Use.RUN ? Retention.EVERYTHING : Retention.CODE_AND_METADATA;
        }
    }

    /** What one JAR contributed, in provider order. */
    record JarResult(String fileName, List<Item> items) {
    }

    /** One procedure of a JAR, or a reason the JAR (or a provider without an id) is rejected. */
    sealed interface Item {
        /** A procedure with a well-formed id, loaded or refused. */
        record Claimed(PluginDescription description, Outcome outcome) implements Item {
        }

        /** A rejection that no id can be attached to. */
        record Unclaimed(Rejection rejection) implements Item {
        }
    }

    sealed interface Outcome {
        /** Passed everything decidable from the bytes; the contract check is still to come. */
        record Admitted() implements Outcome {
        }

        record Accepted(LoadedPlugin plugin) implements Outcome {
        }

        record Refused(Rejection rejection) implements Outcome {
        }
    }

    private JarExaminer() {
    }

    /** One module of a plugin, with the JAR it was read from. */
    record ModuleJar(String subject, URI location, JarMetadata metadata) {
    }

    /**
     * Examines one plugin: {@code file} is a plugin JAR, or a bundle directory, which
     * {@link BundleExaminer} examines.
     */
    static JarResult examine(Path file, Settings settings) {
        if (Files.isDirectory(file)) {
            return BundleExaminer.examine(file, settings);
        }
        String fileName = file.getFileName().toString();
        try {
            return new JarResult(fileName, examine(file, fileName, settings));
        } catch (NotAPluginException e) {
            return rejected(fileName, kind(e.kind()), e.getMessage());
        } catch (Throwable e) {
            // Whatever else one JAR's bytes provoke (a runtime exception, a LinkageError, an
            // AssertionError in a JDK reader, a stack overflow, running out of heap) stays that
            // JAR's rejection: the other plugins and the builtins must load as if it were not
            // there. Out of heap, the JAR's bytes are garbage once this frame is left, so the
            // others have the memory they had before it.
            return rejected(fileName, Rejection.Kind.INVALID_JAR, unexpected(e));
        }
    }

    private static JarResult rejected(String fileName, Rejection.Kind kind, String reason) {
        return new JarResult(fileName, List.of(new Item.Unclaimed(new Rejection(fileName, kind, reason))));
    }

    static Rejection.Kind kind(NotAPluginException.Kind kind) {
        return switch (kind) {
            case INVALID_JAR -> Rejection.Kind.INVALID_JAR;
            case INVALID_MODULE -> Rejection.Kind.INVALID_MODULE;
            case NO_PROCEDURE -> Rejection.Kind.NOT_A_PLUGIN;
            case UNREADABLE -> Rejection.Kind.UNREADABLE;
            case CONTRACT -> Rejection.Kind.CONTRACT_CHECK_FAILED;
        };
    }

    /** A failure no check foresaw, as one line: its kind and, escaped and short, its message. */
    static String unexpected(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return "cannot be examined (" + e.getClass().getSimpleName()
                + (message.isEmpty() ? "" : ": " + printable(message)) + ")";
    }

    private static List<Item> examine(Path file, String fileName, Settings settings) throws NotAPluginException {
        HashedJar read = readOnce(file, settings.retention());
        DistributionHash hash = DistributionHash.sha256(read.sha256());
        InMemoryJar jar = read.jar();
        try {
            JarMetadata metadata = JarMetadataReader.read(fileName, jar);
            String takenName = takenModuleName(metadata.moduleName());
            if (takenName != null) {
                throw new NotAPluginException(NotAPluginException.Kind.INVALID_MODULE, takenName);
            }
            List<Item> items = new ArrayList<>();
            List<PluginDescription> admitted = new ArrayList<>();
            for (String provider : metadata.providers()) {
                Item item = preLayer(fileName, metadata, hash, provider, settings);
                if (item == null) {
                    continue;
                }
                items.add(item);
                if (item instanceof Item.Claimed(PluginDescription d, Outcome.Admitted a)) {
                    admitted.add(d);
                }
            }
            if (!admitted.isEmpty()) {
                items = defineAndCheck(fileName, false,
                        List.of(new ModuleJar(fileName, file.toAbsolutePath().toUri(), metadata)), items, settings);
            }
            return items;
        } finally {
            if (settings.use() == DiscoveryRequest.Use.INSPECT) {
                jar.release();
            }
        }
    }

    /**
     * Why a plugin JAR's module may not have {@code name}, or {@code null}: a name under
     * {@code java.} or {@code jdk.}, or of a module of this image (capa's own included), would
     * have the list, the lock and the journal show a plugin as Java SE's or capa's own code.
     * A bundle refuses such a library the same way ({@link BundleExaminer}).
     */
    static String takenModuleName(String name) {
        if (PluginLayers.isPlatformName(name)) {
            return "module " + name + ": names under java. and jdk. belong to the Java platform; give the plugin's"
                    + " module a name of its own";
        }
        if (PluginLayers.isSystemModule(name) || PluginLayers.capaLayer().findModule(name).isPresent()) {
            return "module " + name + " is a module of this capa image; give the plugin's module a name of its own";
        }
        return null;
    }

    static HashedJar readOnce(Path file, Retention retention) throws NotAPluginException {
        try {
            return HashedJar.read(file, retention);
        } catch (JarFormatException e) {
            throw new NotAPluginException(NotAPluginException.Kind.INVALID_JAR, "not a valid JAR (" + e.getMessage() + ")");
        } catch (HashedJar.TooLargeException e) {
            throw new NotAPluginException(NotAPluginException.Kind.INVALID_JAR, e.getMessage());
        } catch (IOException e) {
            throw new NotAPluginException(NotAPluginException.Kind.UNREADABLE, "cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /**
     * Everything decided from the bytes alone: the annotation, the checks that need no class,
     * reserved and builtin ids, and gating. A procedure that passes is {@code Admitted}, to be
     * checked once its layer exists.
     */
    static Item preLayer(String fileName, JarMetadata metadata,
                                 DistributionHash hash, String provider, Settings settings) {
        ProviderInfo info;
        try {
            info = ProviderInfoReader.read(metadata.content(), provider);
        } catch (NotAPluginException e) {
            return new Item.Unclaimed(Rejection.contract(fileName, e.getMessage()));
        }
        if (info.id().isEmpty()) {
            return new Item.Unclaimed(Rejection.contract(fileName, "missing id"));
        }
        if (!PluginId.isWellFormed(info.id().get())) {
            return new Item.Unclaimed(Rejection.contract(fileName, "malformed id '" + printable(info.id().get()) + "'"));
        }
        PluginId id = PluginId.parse(info.id().get());
        PluginDescription description = new PluginDescription(new PluginCoordinates(id, metadata.moduleName(),
                metadata.version(), metadata.moduleName() + "/" + provider, hash), info.name().orElse(""),
                info.description(), false);
        if (metadata.bundlesCapaApi()) {
            return refused(description, Rejection.contract(id.value(),
                    "bundles its own copy of capa.api; depend on capa-api as provided, never package it"));
        }
        if (info.name().isEmpty() || info.name().get().isBlank()) {
            return refused(description, Rejection.contract(id.value(), "blank name"));
        }
        if (settings.builtinIds().contains(id)) {
            return refused(description, new Rejection(id.value(), Rejection.Kind.DUPLICATE_ID, fileName
                    + " claims the id of capa's builtin procedure, which stays"));
        }
        if (id.isReserved()) {
            return refused(description, new Rejection(id.value(), Rejection.Kind.RESERVED_ID, "ids under "
                    + PluginId.RESERVED_PREFIX + " belong to capa's builtins (" + fileName + ")"));
        }
        if (Gate.decide(settings.mode(), settings.lock(), description) instanceof GateDecision.Untrusted u) {
            return refused(description, Rejection.untrusted(id.value(), u.kinds()));
        }
        return new Item.Claimed(description, new Outcome.Admitted());
    }

    /**
     * Defines the plugin's layer from {@code modules} (one for a JAR, every JAR's for a bundle)
     * and contract-checks each admitted procedure in it. A {@code requires} of a Java platform
     * module the image lacks (or, in a bundle, of any module nothing provides) refuses every
     * admitted procedure before anything is defined.
     *
     * @param subject the JAR's file name or the bundle's directory name, for a layer that does not resolve
     */
    static List<Item> defineAndCheck(String subject, boolean bundle, List<ModuleJar> modules,
                                     List<Item> items, Settings settings) {
        Rejection unresolvable = missingModule(bundle, modules).orElse(null);
        ModuleLayer.Controller layer = null;
        if (unresolvable == null) {
            try {
                layer = PluginLayers.define(modules.stream().map(m -> new PluginLayers.LayerModule(
                        m.metadata().descriptor(), m.location(), m.metadata().content())).toList());
            } catch (PluginLayers.UnresolvableException e) {
                unresolvable = new Rejection(subject, Rejection.Kind.MODULE_NOT_RESOLVED,
                        "module does not resolve: " + e.getMessage());
            }
        }
        if (unresolvable != null) {
            Rejection refusal = unresolvable;
            return items.stream().map(item -> item instanceof Item.Claimed(PluginDescription d, Outcome.Admitted a)
                    ? (Item) refused(d, refusal) : item).toList();
        }
        List<Item> checked = new ArrayList<>(items.size());
        for (Item item : items) {
            if (item instanceof Item.Claimed(PluginDescription d, Outcome.Admitted a)) {
                String module = d.entryPoint().substring(0, d.entryPoint().indexOf('/'));
                String provider = d.entryPoint().substring(d.entryPoint().indexOf('/') + 1);
                JarMetadata metadata = modules.stream().map(ModuleJar::metadata)
                        .filter(m -> m.moduleName().equals(module)).findFirst().orElseThrow();
                ContractResult result = ContractCheck.check(layer.layer().findLoader(module), provider,
                        metadata.capaApiCompiledVersion(), metadata.descriptor().isAutomatic());
                ModuleLayer.Controller controller = layer;
                checked.add(switch (result) {
                    case ContractResult.Passed(Class<?> type, Class<? extends Record> config) ->
                            new Item.Claimed(d, new Outcome.Accepted(new LoadedPlugin(d, config, controller, type,
                                    settings.use() == DiscoveryRequest.Use.RUN)));
                    case ContractResult.Failed(String what) -> refused(d, Rejection.contract(d.id().value(), what));
                });
            } else {
                checked.add(item);
            }
        }
        return checked;
    }

    /**
     * A {@code requires} that nothing satisfies, named with the module and the JAR that holds
     * it: any in a bundle; for a single JAR one of a Java platform module the image lacks (any
     * other is left to the resolver's own message, as before bundles).
     */
    private static Optional<Rejection> missingModule(boolean bundle, List<ModuleJar> modules) {
        return PluginLayers.missingModule(modules.stream().map(m -> m.metadata().descriptor()).toList())
                .filter(m -> bundle || m.platform())
                .map(m -> new Rejection(modules.stream().filter(j -> j.metadata().moduleName().equals(m.module()))
                        .map(ModuleJar::subject).findFirst().orElseThrow(), Rejection.Kind.MODULE_NOT_RESOLVED,
                        "module " + m.module() + " requires " + m.required() + (m.platform()
                                ? ", which this capa image does not provide: use only the Java modules the image"
                                        + " holds (its bin/java --list-modules)"
                                : ", which no JAR of the bundle provides and this capa image does not either: add "
                                        + m.required() + "'s JAR to the bundle")));
    }

    static Item.Claimed refused(PluginDescription description, Rejection rejection) {
        return new Item.Claimed(description, new Outcome.Refused(rejection));
    }

    /** Ids come from untrusted bytes: show control characters escaped and keep lines short. */
    private static String printable(String text) {
        return JarText.shortened(text, 120);
    }
}
