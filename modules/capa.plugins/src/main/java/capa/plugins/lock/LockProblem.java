package capa.plugins.lock;

import java.nio.file.Path;

/**
 * One reason a {@code plugins.lock} cannot be used, at a 1-based line and column.
 *
 * @param line the line, 1-based
 * @param column the column, 1-based
 * @param message what is wrong, for an operator
 */
record LockProblem(int line, int column, String message) implements Comparable<LockProblem> {

    /** {@code <path>:<line>:<column>: <message>}, the form compilers use, so editors can jump to it. */
    String line(Path path) {
        return path + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public int compareTo(LockProblem other) {
        return line != other.line ? Integer.compare(line, other.line)
                : Integer.compare(column, other.column);
    }
}
