package capa.plugins.layer;

import capa.plugins.jar.JarFormatException;
import capa.plugins.metadata.VersionedJar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds exactly the modules of one plugin (its JAR, or every JAR of a bundle) and serves each
 * module's classes from the in-memory copy of its own JAR that was hashed. No file on disk is
 * opened again, so what is defined in the plugin's layer is byte for byte what was digested
 * and gated.
 *
 * <p>{@link ModuleReader#find} answers {@code capa-plugin:} URIs ({@link PluginResourceUrls})
 * that read the same in-memory copy: a {@code jar:file:} URI would point at the file on disk,
 * which may have changed since it was hashed.
 *
 * <p>Names resolve through {@link VersionedJar}, as {@code JarFile} resolves them for the
 * JDK's own JAR modules: in a multi-release JAR, {@code lab/x/A.class} reads the versioned
 * entry for the runtime, and {@code list()} lists the versioned names.
 */
final class InMemoryModuleFinder implements ModuleFinder {

    private final Map<String, ModuleReference> references = new LinkedHashMap<>();

    /** @param modules the plugin's modules, of distinct names, each with its own location */
    InMemoryModuleFinder(List<PluginLayers.LayerModule> modules) {
        for (PluginLayers.LayerModule module : modules) {
            VersionedJar jar = module.jar();
            ModuleReference reference = new ModuleReference(module.descriptor(), module.location()) {
                @Override
                public ModuleReader open() {
                    return new Reader(jar);
                }
            };
            if (references.putIfAbsent(module.descriptor().name(), reference) != null) {
                throw new IllegalArgumentException("module " + module.descriptor().name() + " given twice");
            }
        }
    }

    @Override
    public Optional<ModuleReference> find(String name) {
        return Optional.ofNullable(references.get(name));
    }

    @Override
    public Set<ModuleReference> findAll() {
        return Set.copyOf(references.values());
    }

    private static final class Reader implements ModuleReader {

        private final VersionedJar jar;
        /** The JAR's key among the resource URLs, registered on the first find. */
        private volatile String urlKey;

        Reader(VersionedJar jar) {
            this.jar = jar;
        }

        @Override
        public Optional<URI> find(String name) {
            if (!jar.contains(name)) {
                return Optional.empty();
            }
            String key = urlKey;
            if (key == null) {
                synchronized (this) {
                    if (urlKey == null) {
                        urlKey = PluginResourceUrls.register(jar);
                    }
                    key = urlKey;
                }
            }
            return Optional.of(PluginResourceUrls.uri(key, name));
        }

        @Override
        public Optional<InputStream> open(String name) throws IOException {
            return bytes(name).map(ByteArrayInputStream::new);
        }

        @Override
        public Optional<ByteBuffer> read(String name) throws IOException {
            return bytes(name).map(ByteBuffer::wrap);
        }

        @Override
        public Stream<String> list() {
            return jar.names().stream();
        }

        @Override
        public void close() {
            // The bytes belong to the InMemoryJar, which decides when to release them.
        }

        private Optional<byte[]> bytes(String name) throws IOException {
            try {
                return jar.read(name);
            } catch (JarFormatException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
