package capa.plugins.jar;

/**
 * Which entries of a JAR are kept in memory once it has been read. Every byte of the file is
 * hashed whatever is kept; what is not kept is dropped as soon as it is hashed.
 */
public enum Retention {

    /** Every entry: a run may read any of its plugin's resources. */
    EVERYTHING,

    /**
     * Class files and {@code META-INF/} only: all that inspection reads (descriptor, manifest,
     * service files, classes for the contract check), since no plugin code runs. A JAR's large
     * data files are then hashed but never held.
     */
    CODE_AND_METADATA;

    boolean keeps(String entryName) {
        return this == EVERYTHING || entryName.endsWith(".class") || entryName.startsWith("META-INF/");
    }
}
