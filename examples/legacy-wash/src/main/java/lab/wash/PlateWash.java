package lab.wash;

import capa.api.Problem;
import capa.api.Procedure;
import capa.api.ProcedureContext;
import capa.api.ProcedureInfo;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Washes a plate, written for capa.api 0.9, where run() was synchronous. */
@ProcedureInfo(id = "lab.wash.plate_wash", name = "Plate wash")
public final class PlateWash implements Procedure<PlateWash.Config> {

    public record Config(int cycles) {
    }

    @Override
    public CompletionStage<List<Problem>> preflight(ProcedureContext context, Config config) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public void run(ProcedureContext context, Config config) {
        for (int i = 0; i < config.cycles(); i++) {
            context.log().info("wash cycle " + (i + 1));
        }
    }
}
