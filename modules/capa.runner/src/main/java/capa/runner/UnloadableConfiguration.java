package capa.runner;

import capa.base.TerminalText;
import java.lang.reflect.MalformedParameterizedTypeException;

/**
 * The one-line refusal for a procedure whose configuration record cannot be reflected on: a
 * class its components name is missing from the JAR or malformed. Such classes load only when
 * capa first reads the record's components (at {@code run} or {@code describe}), after the
 * contract check passed, so this is the procedure's failure, not capa's.
 */
public final class UnloadableConfiguration {

    private UnloadableConfiguration() {
    }

    /**
     * Whether {@code failure} is what reflecting on a record's components throws for a class
     * the JAR lacks or holds malformed: a {@link LinkageError} ({@link NoClassDefFoundError},
     * {@link ClassFormatError}, ...), {@link TypeNotPresentException} or
     * {@link MalformedParameterizedTypeException}.
     */
    public static boolean isUnloadable(Throwable failure) {
        return failure instanceof LinkageError || failure instanceof TypeNotPresentException
                || failure instanceof MalformedParameterizedTypeException;
    }

    /**
     * {@code <id>: its configuration record cannot be loaded: class a.b.C is missing or
     * malformed in the plugin JAR (NoClassDefFoundError)}, escaped for the terminal (the class
     * name comes from the JAR).
     */
    public static String reason(String procedureId, Throwable failure) {
        String missing = switch (failure) {
            case NoClassDefFoundError e when e.getMessage() != null -> e.getMessage().replace('/', '.');
            case TypeNotPresentException e -> e.typeName();
            default -> failure.getMessage();
        };
        return TerminalText.escape(procedureId) + ": its configuration record cannot be loaded: "
                + (missing == null ? "a class it names" : "class " + TerminalText.escape(missing))
                + " is missing or malformed in the plugin JAR (" + failure.getClass().getSimpleName() + ")";
    }
}
