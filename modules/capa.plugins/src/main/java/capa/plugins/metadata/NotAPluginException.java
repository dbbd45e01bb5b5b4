package capa.plugins.metadata;

/**
 * A file in a plugin directory that is not a plugin capa can use. The message is the reason
 * shown after {@code <file name>: }, for example {@code provides no procedure}; the kind says
 * which sort of problem it is, so that no caller has to read the message to know.
 */
public final class NotAPluginException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Which sort of problem: the JAR, the module it would be, or the plugin it would be. */
    public enum Kind {
        /** The archive or its manifest cannot be read as a JAR, or it is too large. */
        INVALID_JAR,
        /** A readable JAR that the JDK would not accept as a module. */
        INVALID_MODULE,
        /** A module that declares no procedure. */
        NO_PROCEDURE,
        /** The file cannot be read at all. */
        UNREADABLE,
        /** A provider class that breaks capa.api's contract (missing, unreadable, malformed). */
        CONTRACT
    }

    private final Kind kind;

    public NotAPluginException(Kind kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
