// tomlj ships as an automatic module; jlink links explicit modules only. This descriptor is
// what `jdeps --generate-module-info` derives for tomlj 1.1.1, kept here so that it is
// reviewed like any other source.
module org.tomlj {
    requires transitive org.antlr.antlr4.runtime;

    exports org.tomlj;
    exports org.tomlj.internal;
}
