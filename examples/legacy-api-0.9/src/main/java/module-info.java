/** capa.api as it was at 0.9: {@code run} returned nothing. */
module capa.api {
    exports capa.api;
}
