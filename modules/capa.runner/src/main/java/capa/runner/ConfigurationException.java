package capa.runner;

import java.util.List;

/**
 * A configuration that does not fit the procedure's record: each problem is one line that
 * starts with the key it is about, such as {@code hold_s: missing required value (long)}.
 */
public final class ConfigurationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public ConfigurationException(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public ConfigurationException(String problem) {
        this(List.of(problem));
    }

    /** Every problem found, one line each, in the order of the record's components. */
    public List<String> problems() {
        return problems;
    }
}
