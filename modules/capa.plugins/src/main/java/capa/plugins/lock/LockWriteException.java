package capa.plugins.lock;

/**
 * A change to {@code plugins.lock} that was refused or could not be made. The message is for
 * the operator: it names the file and what to do, and says that nothing was changed.
 */
public final class LockWriteException extends Exception {

    private static final long serialVersionUID = 1L;

    LockWriteException(String message) {
        super(message, null, false, false);
    }

    LockWriteException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
