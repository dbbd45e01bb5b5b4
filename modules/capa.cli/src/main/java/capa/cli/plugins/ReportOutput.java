package capa.cli.plugins;

import capa.base.TerminalText;
import capa.runner.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How {@code list}, {@code verify} and {@code check} print: the JSON document when
 * {@code --json} is given, else the text lines, each escaped by {@link TerminalText}; either
 * way in one write. The terminal's writer flushes at every {@code println}, and a thousand
 * plugins would otherwise cost a thousand system calls.
 */
final class ReportOutput {

    private ReportOutput() {
    }

    /** Prints the JSON document when {@code asJson} ({@code --json} was given), else the lines. */
    static void print(CommandSpec spec, boolean asJson, Supplier<Map<String, Object>> json,
                      Supplier<List<String>> lines) {
        PrintWriter out = spec.commandLine().getOut();
        if (asJson) {
            out.print(Json.write(json.get()));
        } else {
            String newline = System.lineSeparator();
            StringBuilder text = new StringBuilder();
            // Each line holds values from JARs, the lock and the journal: escaped whole, so a
            // line break inside one is shown and never starts a line of its own.
            lines.get().forEach(line -> text.append(TerminalText.escape(line)).append(newline));
            out.print(text);
        }
        out.flush();
    }
}
