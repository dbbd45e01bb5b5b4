/**
 * An example plugin bundle: a least-squares calibration fit with Apache Commons Math, written
 * out with Apache Commons CSV. The bundle directory holds this module's JAR and its libraries'
 * JARs (commons.math3 is an automatic module, org.apache.commons.csv and its io and codec
 * libraries are named modules).
 */
module lab.fit {
    requires capa.api;
    requires commons.math3;
    requires org.apache.commons.csv;

    provides capa.api.Procedure with lab.fit.SetpointFit;
}
