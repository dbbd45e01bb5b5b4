package capa.plugins.jar;

/**
 * The bytes are not a JAR capa will read: truncated, not a ZIP, encrypted, with sizes the file
 * cannot hold or only a zip bomb has, or with an entry name that could escape the archive. The
 * message is one line for the operator.
 */
public final class JarFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public JarFormatException(String message) {
        super(message, null, false, false);
    }
}
