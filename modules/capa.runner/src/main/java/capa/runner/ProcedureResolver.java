package capa.runner;

/**
 * Turns a procedure id into something runnable, or a refusal, by the trust gating in force.
 * Top-level runs and nested runs (batch iterations, recipe steps) go through the same
 * resolver, so a nested run cannot reach a procedure that a top-level run could not.
 */
@FunctionalInterface
public interface ProcedureResolver {

    /** The gating decision for one id. */
    sealed interface Resolution {
        /** The procedure passed gating. */
        record Runnable(ResolvedProcedure procedure) implements Resolution {
        }

        /**
         * The procedure may not run.
         *
         * @param reason what the operator reads, such as {@code procedure 'x.y' is not in the
         *     trusted registry (mode=production); available: ...} and the rejection line
         */
        record Refused(String reason) implements Resolution {
        }
    }

    Resolution resolve(String procedureId);
}
