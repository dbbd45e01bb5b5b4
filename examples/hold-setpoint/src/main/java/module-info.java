/** An example capa plugin: one procedure that holds a bath at a setpoint. */
module capa.contrib {
    requires capa.api;
    provides capa.api.Procedure with capa.contrib.HoldSetpoint;
}
