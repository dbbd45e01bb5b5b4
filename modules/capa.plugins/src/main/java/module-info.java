/**
 * The capa plugin runtime: discovery, JAR digests, one module layer per plugin JAR, the
 * contract check, {@code plugins.lock} and its journal, plugin modes and gating, and the
 * report that {@code plugins list} prints. No command-line code lives here.
 */
module capa.plugins {
    requires transitive capa.api;
    requires transitive capa.base;
    requires org.tomlj;

    uses capa.api.Procedure;

    // Plugins read their own resources from the hashed in-memory copy of their JAR.
    provides java.net.spi.URLStreamHandlerProvider with capa.plugins.layer.PluginResourceUrls;

    exports capa.plugins;
    exports capa.plugins.lock;
}
