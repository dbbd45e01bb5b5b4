package capa.cli;

import capa.base.TerminalText;
import java.io.IOException;
import java.io.Writer;

/**
 * capa's standard output and error: everything written passes through
 * {@link TerminalText}, line breaks and tabs excepted, so that no escape sequence,
 * bidirectional control or invisible character reaches the terminal from anywhere (a plugin's
 * log line, an exception message, picocli echoing an argument). Line breaks and tabs pass
 * because capa writes them itself (lines, and the indent of a {@code --verbose} stack trace)
 * and neither can move the cursor back or hide text. The writer cannot tell those from a line
 * break inside a JAR's text; that is why every command also escapes each value it puts into a
 * line ({@link TerminalText#escape}), line breaks and tabs included. JSON passes through unchanged in
 * meaning: the escaped forms are JSON's own, and JSON has no raw hidden characters outside
 * strings.
 */
final class TerminalWriter extends Writer {

    private final Writer out;
    /** A high surrogate whose low half has not been written yet. */
    private char pendingHigh;

    TerminalWriter(Writer out) {
        super(out);
        this.out = out;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        StringBuilder text = new StringBuilder(length + 16);
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            if (pendingHigh != 0) {
                char high = pendingHigh;
                pendingHigh = 0;
                if (Character.isLowSurrogate(c)) {
                    TerminalText.append(text, Character.toCodePoint(high, c));
                    continue;
                }
                TerminalText.append(text, high);
            }
            if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
            } else if (c == '\n' || c == '\t') {
                text.append(c);
            } else {
                TerminalText.append(text, c);
            }
        }
        out.write(text.toString());
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (pendingHigh != 0) {
            StringBuilder text = new StringBuilder();
            TerminalText.append(text, pendingHigh);
            pendingHigh = 0;
            out.write(text.toString());
        }
        out.close();
    }
}
