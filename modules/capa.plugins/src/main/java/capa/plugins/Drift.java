package capa.plugins;

import capa.base.PluginId;
import java.util.Objects;

/**
 * A difference between {@code plugins.lock} and what is installed. In production it keeps a
 * third-party procedure out; otherwise it is information.
 */
public sealed interface Drift {

    PluginId id();

    /** One line, as {@code plugins list} prints it under {@code Drift vs plugins.lock:}. */
    String line();

    /** The lock's fields that can drift, named as operators read them. */
    enum Field {
        VERSION("version"),
        HASH("hash"),
        ENTRY_POINT("entry_point"),
        PACKAGE("package");

        private final String label;

        Field(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * An installed procedure whose field differs from its lock entry.
     *
     * @param expected the lock's value
     * @param actual the installed value
     */
    record FieldDrift(PluginId id, Field field, String expected, String actual) implements Drift {
        public FieldDrift {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(field, "field");
        }

        @Override
        public String line() {
            return id + ": " + field.label() + " (expected='" + expected + "', actual='" + actual + "')";
        }
    }

    /**
     * A lock entry for a procedure that is not installed.
     *
     * @param packageName the entry's package
     * @param version the entry's version
     */
    record NotInstalled(PluginId id, String packageName, String version) implements Drift {
        public NotInstalled {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String line() {
            return id + ": not installed (expected='" + packageName + "==" + version + "')";
        }
    }
}
