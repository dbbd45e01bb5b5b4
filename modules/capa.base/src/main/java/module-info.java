/**
 * What capa's own modules share, so that each thing is said once: a plugin's coordinates
 * (id, package, version, entry point, distribution hash) and the plugin mode, the one escaper
 * for text on its way to a terminal, and how capa reads and replaces its own files (a bounded
 * read of a regular file, strict UTF-8 decoding, an atomic and durable replacement).
 *
 * <p>Its packages are exported to capa's modules only: plugins, which are loaded in layers
 * above the boot layer, can read this module but not use it, so none of it is API that a
 * plugin author could come to depend on.
 */
module capa.base {
    exports capa.base to capa.plugins, capa.runner, capa.cli;
    exports capa.base.io to capa.plugins, capa.runner;
}
