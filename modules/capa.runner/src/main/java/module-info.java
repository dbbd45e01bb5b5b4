/**
 * Runs procedures headless: binds a configuration to a procedure's record, gives the
 * procedure its context (log, progress, cancellation, outputs, nested runs), runs preflight
 * and run, and keeps a run record for each run. It knows nothing of plugin discovery: the
 * command line hands it a {@link capa.runner.ProcedureResolver} backed by the gated report.
 */
module capa.runner {
    requires transitive capa.api;
    requires transitive capa.base;
    requires org.tomlj;

    exports capa.runner;
}
