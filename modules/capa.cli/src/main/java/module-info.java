/**
 * The {@code capa} command line. Commands are thin: they parse, call {@code capa.plugins},
 * and print.
 */
module capa.cli {
    requires capa.base;
    requires capa.plugins;
    requires capa.runner;
    requires info.picocli;
}
