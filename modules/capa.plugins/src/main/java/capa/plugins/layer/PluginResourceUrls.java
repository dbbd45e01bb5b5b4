package capa.plugins.layer;

import capa.plugins.jar.JarFormatException;
import capa.plugins.metadata.VersionedJar;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.net.spi.URLStreamHandlerProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code capa-plugin://<jar>/<entry>} URLs, through which a plugin reads its own resources
 * ({@code getResource}, {@code getResourceAsStream}) from the in-memory copy of its JAR that
 * was hashed, never from the file on disk, which may have changed since.
 *
 * <p>The JDK finds this handler as a {@link URLStreamHandlerProvider} service of the boot
 * layer. A JAR is registered only when its plugin first asks for a resource, which only a
 * running procedure does; the registry holds it weakly, so a JAR whose layer is gone can be
 * collected.
 */
public final class PluginResourceUrls extends URLStreamHandlerProvider {

    static final String SCHEME = "capa-plugin";

    private static final Map<String, WeakReference<VersionedJar>> JARS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong();

    /** Registers {@code jar} and returns the authority of its URLs. */
    static String register(VersionedJar jar) {
        String key = "jar" + NEXT.incrementAndGet();
        JARS.put(key, new WeakReference<>(jar));
        return key;
    }

    /** The URI of entry {@code name} of the JAR registered under {@code key}. */
    static URI uri(String key, String name) {
        try {
            return new URI(SCHEME, key, "/" + name, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("resource name " + name + " cannot be a URI path", e);
        }
    }

    @Override
    public URLStreamHandler createURLStreamHandler(String protocol) {
        return SCHEME.equals(protocol) ? new Handler() : null;
    }

    private static final class Handler extends URLStreamHandler {
        @Override
        protected URLConnection openConnection(URL url) throws IOException {
            WeakReference<VersionedJar> reference = JARS.get(url.getHost());
            VersionedJar jar = reference == null ? null : reference.get();
            String name = URI.create(url.toExternalForm()).getPath().substring(1);
            if (jar == null) {
                throw new FileNotFoundException(url + ": the plugin's JAR is no longer loaded");
            }
            byte[] bytes;
            try {
                bytes = jar.read(name).orElseThrow(() -> new FileNotFoundException(url.toString()));
            } catch (JarFormatException | IllegalStateException e) {
                throw new IOException(url + ": " + e.getMessage(), e);
            }
            return new URLConnection(url) {
                @Override
                public void connect() {
                    connected = true;
                }

                @Override
                public InputStream getInputStream() {
                    return new ByteArrayInputStream(bytes);
                }

                @Override
                public long getContentLengthLong() {
                    return bytes.length;
                }
            };
        }
    }
}
