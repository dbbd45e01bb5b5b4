package capa.api;

/** The 0.9 context: a log and nothing else. */
public interface ProcedureContext {
    RunLog log();
}
