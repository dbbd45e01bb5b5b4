package capa.plugins;

import capa.base.DistributionHash;
import capa.plugins.JarExaminer.Item;
import capa.plugins.JarExaminer.JarResult;
import capa.plugins.JarExaminer.ModuleJar;
import capa.plugins.JarExaminer.Outcome;
import capa.plugins.jar.HashedJar;
import capa.plugins.jar.MemoryLimit;
import capa.plugins.layer.PluginLayers;
import capa.plugins.metadata.JarMetadata;
import capa.plugins.metadata.JarMetadataReader;
import capa.plugins.metadata.NotAPluginException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Examines one plugin bundle ({@link PluginBundle}) as {@link JarExaminer} examines one JAR:
 * reads every JAR once, hashes exactly those bytes into the bundle's one digest, reads every
 * module from them, refuses a bundle whose JARs cannot form one layer, gates each procedure,
 * and only then, if anything passed, defines one layer of all the bundle's modules from the
 * same bytes and contract-checks the procedures in it. In production no class of an untrusted
 * bundle, library or plugin, is ever defined.
 *
 * <p>Whatever is wrong with a bundle is one rejection, the first found in the JARs' order;
 * it never touches another plugin.
 */
final class BundleExaminer {

    /**
     * The most packages a bundle's modules may hold together. Defining a layer costs, for each
     * automatic module (which reads every other module), every package the others export: 256
     * JARs of 16384 packages define in about a second under {@code -Xmx64m}, where 100,000
     * packages take tens of seconds and run out of heap. Real plugins hold a few thousand.
     */
    static final int MAX_PACKAGES = 16384;

    private BundleExaminer() {
    }

    static JarResult examine(Path directory, JarExaminer.Settings settings) {
        String name = PluginBundle.name(directory);
        try {
            return new JarResult(name, examine(PluginBundle.list(directory), settings));
        } catch (PluginBundle.RejectedException e) {
            return new JarResult(name, List.of(new Item.Unclaimed(e.rejection())));
        } catch (Throwable e) {
            // As for a single JAR: whatever one bundle's bytes provoke, out of heap included,
            // stays that bundle's rejection.
            return rejected(name, JarExaminer.unexpected(e));
        }
    }

    private static JarResult rejected(String name, String reason) {
        return new JarResult(name, List.of(new Item.Unclaimed(new Rejection(name, Rejection.Kind.INVALID_BUNDLE, reason))));
    }

    private static List<Item> examine(PluginBundle bundle, JarExaminer.Settings settings)
            throws PluginBundle.RejectedException {
        String name = bundle.name();
        List<HashedJar> reads = new ArrayList<>();
        try {
            List<String> names = new ArrayList<>();
            List<byte[]> digests = new ArrayList<>();
            List<ModuleJar> modules = new ArrayList<>();
            long held = 0;
            for (Path file : bundle.jars()) {
                String fileName = file.getFileName().toString();
                String subject = name + "/" + fileName;
                HashedJar read;
                try {
                    read = JarExaminer.readOnce(file, settings.retention());
                    reads.add(read);
                    modules.add(new ModuleJar(subject, file.toAbsolutePath().toUri(),
                            JarMetadataReader.readModule(fileName, read.jar())));
                } catch (NotAPluginException e) {
                    throw rejected(subject, e);
                }
                // A bundle's JARs are held together until its layer exists: together, they get
                // the memory one JAR may take, so a bundle of many large JARs is a rejection,
                // not the end of every other plugin's discovery.
                held += read.jar().heldBytes();
                String tooLarge = MemoryLimit.exceeded("the JARs of the bundle up to this one", held);
                if (tooLarge != null) {
                    throw new PluginBundle.RejectedException(new Rejection(subject, Rejection.Kind.INVALID_JAR, tooLarge));
                }
                names.add(fileName);
                digests.add(read.sha256());
            }
            DistributionHash hash = PluginBundle.digest(names, digests);
            checkLayout(modules);
            List<Item> items = new ArrayList<>();
            boolean admitted = false;
            for (ModuleJar module : modules) {
                for (String provider : module.metadata().providers()) {
                    Item item = JarExaminer.preLayer(module.subject(), module.metadata(), hash, provider, settings);
                    items.add(item);
                    admitted |= item instanceof Item.Claimed(PluginDescription d, Outcome.Admitted a);
                }
            }
            if (items.isEmpty()) {
                throw new PluginBundle.RejectedException(new Rejection(name, Rejection.Kind.NOT_A_PLUGIN,
                        "no JAR of the bundle provides a procedure (capa.api.Procedure): add the plugin's JAR"));
            }
            return admitted ? JarExaminer.defineAndCheck(name, true, modules, items, settings) : items;
        } finally {
            if (settings.use() == DiscoveryRequest.Use.INSPECT) {
                reads.forEach(r -> r.jar().release());
            }
        }
    }

    private static PluginBundle.RejectedException rejected(String subject, NotAPluginException e) {
        return new PluginBundle.RejectedException(new Rejection(subject, JarExaminer.kind(e.kind()), e.getMessage()));
    }

    /**
     * The rules that make a bundle's modules one layer, decided from the descriptors alone:
     * no module that the Java platform or capa already has (a library must not replace them),
     * no {@code capa.api} package, one JAR per module, one module per package, and at most
     * {@link #MAX_PACKAGES} packages.
     */
    private static void checkLayout(List<ModuleJar> modules) throws PluginBundle.RejectedException {
        Map<String, ModuleJar> byModule = new HashMap<>();
        Map<String, ModuleJar> byPackage = new HashMap<>();
        for (ModuleJar module : modules) {
            String moduleName = module.metadata().moduleName();
            if (module.metadata().bundlesCapaApi() || moduleName.equals("capa.api")) {
                throw invalid(module, "module " + moduleName
                        + " bundles its own copy of capa.api; depend on capa-api as provided, never package it");
            }
            if (PluginLayers.isCapaModule(moduleName)) {
                throw invalid(module, "module " + moduleName
                        + " is one of capa's own modules, which a bundle cannot replace: remove this JAR");
            }
            if (PluginLayers.isPlatformName(moduleName) || PluginLayers.isSystemModule(moduleName)) {
                throw invalid(module, "module " + moduleName + (PluginLayers.isPlatformName(moduleName)
                        ? " belongs to the Java platform, which a bundle cannot replace: remove this JAR"
                        : " is already part of this capa image, which a bundle cannot replace: remove this JAR"));
            }
            ModuleJar other = byModule.putIfAbsent(moduleName, module);
            if (other != null) {
                throw invalid(module, "module " + moduleName + " is also in " + fileName(other)
                        + ": a bundle holds one JAR per module; keep one of them");
            }
            for (String pkg : module.metadata().descriptor().packages()) {
                ModuleJar holder = byPackage.putIfAbsent(pkg, module);
                if (holder != null) {
                    throw invalid(module, "package " + pkg + " of module " + moduleName + " is also in "
                            + fileName(holder) + " (module " + holder.metadata().moduleName()
                            + "): a package must come from one JAR of the bundle (split package); remove one of them");
                }
            }
            if (byPackage.size() > MAX_PACKAGES) {
                throw invalid(module, "the bundle's JARs up to this one hold more than " + MAX_PACKAGES
                        + " packages, capa's limit for a bundle (defining its layer costs its modules times its"
                        + " packages): keep only the libraries the plugin needs");
            }
        }
    }

    private static String fileName(ModuleJar module) {
        return module.subject().substring(module.subject().indexOf('/') + 1);
    }

    private static PluginBundle.RejectedException invalid(ModuleJar module, String reason) {
        return new PluginBundle.RejectedException(new Rejection(module.subject(), Rejection.Kind.INVALID_BUNDLE, reason));
    }
}
