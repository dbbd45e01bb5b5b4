package capa.plugins.metadata;

/**
 * A file in a plugin directory that is not a plugin capa can use. The message is the reason
 * shown after {@code <file name>: }, for example {@code provides no procedure}.
 */
public final class NotAPluginException extends Exception {

    private static final long serialVersionUID = 1L;

    public NotAPluginException(String reason) {
        super(reason, null, false, false);
    }
}
