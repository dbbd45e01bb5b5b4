/**
 * The capa procedure SPI: the only module a plugin author compiles against.
 *
 * <p>See {@link capa.api} for the contract and a complete minimal plugin.
 */
module capa.api {
    exports capa.api;
}
