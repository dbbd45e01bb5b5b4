package capa.base;

import java.util.Locale;

/**
 * Whether capa loads anything that passes the contract check ({@link #DEV}) or only what
 * {@code plugins.lock} trusts ({@link #PRODUCTION}).
 */
public enum PluginMode {
    DEV,
    PRODUCTION;

    /** The environment variable that sets the mode on a rig. */
    public static final String ENVIRONMENT_VARIABLE = "CAPA_PLUGIN_MODE";

    /**
     * Parses {@code dev} or {@code production}; anything else is refused with a message that
     * names both, since an operator who mistypes the mode must not silently get dev.
     *
     * @param text the value given, for example by {@code --plugin-mode}
     * @param source where the value came from, for the message (e.g. {@code --plugin-mode})
     */
    public static PluginMode parse(String text, String source) {
        String trimmed = text == null ? "" : text.strip();
        return switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "dev" -> DEV;
            case "production" -> PRODUCTION;
            default -> throw new IllegalArgumentException("unknown plugin mode '" + text
                    + "' from " + source + ": use dev or production");
        };
    }

    /**
     * The mode chosen by the documented precedence: the flag if given, else
     * {@code $CAPA_PLUGIN_MODE} if set and not empty, else {@link #DEV}.
     */
    public static PluginMode resolve(String flagValue, String environmentValue) {
        if (flagValue != null) {
            return parse(flagValue, "--plugin-mode");
        }
        if (environmentValue != null && !environmentValue.isEmpty()) {
            return parse(environmentValue, "$" + ENVIRONMENT_VARIABLE);
        }
        return DEV;
    }

    /** The lowercase name operators type and read. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
