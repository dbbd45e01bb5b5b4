/**
 * capa's builtin procedures. They ship inside the image and are always trusted.
 */
module capa.builtin {
    requires capa.api;

    // Exported so that capa's runner can bind the configuration records (and their Javadoc
    // documents the parameters); the procedures themselves are used as services.
    exports capa.builtin;

    provides capa.api.Procedure with
            capa.builtin.FreeRun,
            capa.builtin.RecipeRunner,
            capa.builtin.Batch;
}
