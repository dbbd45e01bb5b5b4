package capa.cli;

import picocli.CommandLine.Model.ArgSpec;

/**
 * One option or positional parameter of a command model, kept in a field of the command that
 * declares it, so that the command reads its values through its fields: no option is looked up
 * by name at run time, and a renamed option cannot leave a reader behind.
 *
 * @param <T> the type of the parsed value, as the option was built with ({@link CommandSpecs})
 */
public final class Arg<T> {

    private final ArgSpec spec;

    Arg(ArgSpec spec) {
        this.spec = spec;
    }

    /** The parsed value: the given one, else the option's default, else {@code null}. */
    @SuppressWarnings("unchecked")
    public T value() {
        return (T) spec.getValue();
    }

    /** For a flag: whether it was given. */
    public boolean isSet() {
        return Boolean.TRUE.equals(spec.getValue());
    }
}
