module lab.wash {
    requires capa.api;
    provides capa.api.Procedure with lab.wash.PlateWash;
}
