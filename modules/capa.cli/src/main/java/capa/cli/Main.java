package capa.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * {@code bin/capa}'s entry point. The only place that exits the JVM.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale: the report's "…" and "—" must survive LANG=C.
        PrintWriter out = new PrintWriter(new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                StandardCharsets.UTF_8), true);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs capa as the command line would and returns the exit code; tests call this. Both
     * streams pass through {@link TerminalWriter}, and picocli writes no ANSI styles of its
     * own: on a terminal they would be escaped like any other escape sequence.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        PrintWriter terminalOut = new PrintWriter(new TerminalWriter(out), true);
        PrintWriter terminalErr = new PrintWriter(new TerminalWriter(err), true);
        CommandLine commandLine = CommandTree.forArguments(args)
                .setOut(terminalOut)
                .setErr(terminalErr)
                .setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .setExecutionExceptionHandler(Main::reportFailure);
        HelpLayout.apply(commandLine);
        int code = commandLine.execute(args);
        terminalOut.flush();
        terminalErr.flush();
        return code;
    }

    private static int reportFailure(Exception e, CommandLine commandLine,
                                     CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof CapaException refusal) {
            err.println("capa: " + refusal.getMessage());
            return refusal.exitCode().code();
        }
        // A bug in capa, not bad input: say so plainly and keep the trace for the report.
        err.println("capa: internal error: " + e);
        e.printStackTrace(err);
        err.println("capa: this is a bug in capa; please report it with the lines above.");
        return ExitCode.FAILURE.code();
    }
}
