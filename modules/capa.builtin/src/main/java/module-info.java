/**
 * capa's builtin procedures. They ship inside the image and are always trusted.
 */
module capa.builtin {
    requires capa.api;

    provides capa.api.Procedure with
            capa.builtin.FreeRun,
            capa.builtin.RecipeRunner,
            capa.builtin.Batch;
}
