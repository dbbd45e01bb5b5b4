/**
 * The {@code capa} command line. Commands are thin: they parse, call {@code capa.plugins},
 * and print.
 */
module capa.cli {
    requires capa.plugins;
    requires capa.runner;
    requires info.picocli;

    // picocli fills annotated fields and calls command methods reflectively.
    opens capa.cli to info.picocli;
    opens capa.cli.plugins to info.picocli;
    opens capa.cli.run to info.picocli;
}
