// picocli's own descriptor, as its JAR ships it (META-INF/versions/9/module-info.class):
// java.sql is optional, for its converters of java.sql types.
module info.picocli {
    requires static java.sql;

    exports picocli;
}
