package capa.api;

import java.util.List;
import java.util.Objects;

/**
 * How a procedure run that was asked for through
 * {@link ProcedureContext#runProcedure(String, java.util.Map)} ended. Switch over it
 * exhaustively: each case is one way a run can end.
 */
public sealed interface Outcome {

    /**
     * Whether the procedure ran to completion.
     *
     * @return true only for {@link Succeeded}
     */
    default boolean succeeded() {
        return this instanceof Succeeded;
    }

    /**
     * One line for an operator, such as {@code succeeded (run 20261124T101530.123Z-3fa9c1)}.
     *
     * @return a summary of the outcome
     */
    String summary();

    /**
     * The procedure ran and completed.
     *
     * @param runId the id of the run's record
     */
    record Succeeded(String runId) implements Outcome {
        /**
         * Validates the components.
         *
         * @param runId not null
         */
        public Succeeded {
            Objects.requireNonNull(runId, "runId");
        }

        @Override
        public String summary() {
            return "succeeded (run " + runId + ")";
        }
    }

    /**
     * The procedure ran and failed.
     *
     * @param runId the id of the run's record
     * @param message what the procedure said went wrong
     */
    record Failed(String runId, String message) implements Outcome {
        /**
         * Validates the components.
         *
         * @param runId not null
         * @param message not null
         */
        public Failed {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String summary() {
            return "failed: " + message + " (run " + runId + ")";
        }
    }

    /**
     * The run was cancelled before it completed.
     *
     * @param runId the id of the run's record
     */
    record Cancelled(String runId) implements Outcome {
        /**
         * Validates the components.
         *
         * @param runId not null
         */
        public Cancelled {
            Objects.requireNonNull(runId, "runId");
        }

        @Override
        public String summary() {
            return "cancelled (run " + runId + ")";
        }
    }

    /**
     * The procedure's preflight found blocking problems, so its {@code run} never started.
     * The run has a record, whose status is {@code refused}.
     *
     * @param runId the id of the run's record
     * @param problems the blocking problems, one line each
     */
    record Blocked(String runId, List<String> problems) implements Outcome {
        /**
         * Validates and copies the components.
         *
         * @param runId not null
         * @param problems not null
         */
        public Blocked {
            Objects.requireNonNull(runId, "runId");
            problems = List.copyOf(problems);
        }

        @Override
        public String summary() {
            return "blocked by preflight: " + String.join("; ", problems) + " (run " + runId + ")";
        }
    }

    /**
     * capa refused to start the procedure: it is not in the trusted registry, or its
     * configuration does not fit its record. Nothing of the procedure ran and no record exists.
     *
     * @param reason why, as the operator would read it (may span several lines)
     */
    record Refused(String reason) implements Outcome {
        /**
         * Validates the components.
         *
         * @param reason not null
         */
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String summary() {
            return "refused: " + reason;
        }
    }
}
