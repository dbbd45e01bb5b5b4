package capa.runner;

import capa.api.Procedure;
import capa.base.PluginCoordinates;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A procedure that passed gating and may run.
 *
 * @param id its id
 * @param configType its configuration record
 * @param factory makes a new instance; this runs plugin code (the provider's constructor)
 * @param provenance which plugin bytes it comes from, for the run's manifest
 */
public record ResolvedProcedure(String id, Class<? extends Record> configType,
                                Supplier<? extends Procedure<?>> factory, PluginCoordinates provenance) {

    public ResolvedProcedure {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(configType, "configType");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(provenance, "provenance");
    }
}
