package capa.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * {@code bin/capa}'s entry point. The only place that exits the JVM.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs capa as the command line would and returns the exit code; tests call this. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new CapaCommand())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(Main::reportFailure);
        return commandLine.execute(args);
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
