package capa.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The 0.9 contract: preflight was already asynchronous, run was not. */
public interface Procedure<C extends Record> {
    CompletionStage<List<Problem>> preflight(ProcedureContext context, C config);

    void run(ProcedureContext context, C config);
}
