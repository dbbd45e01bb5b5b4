package capa.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training run for the image's AOT cache, used only when the image is linked
 * ({@code jlink/link-image.sh}): runs several capa command lines in one JVM, so that the cache
 * {@code -XX:AOTCacheOutput} writes at exit holds the classes every one of them needs. One JVM
 * run records one cache, and the commands an operator starts most ({@code --version},
 * {@code plugins --help}, {@code plugins list} with and without a lock) need different classes.
 *
 * <p>Arguments are capa command lines separated by a lone {@code ::}. Each runs exactly as
 * {@code bin/capa} would run it; exit codes do not matter here, what they loaded does.
 */
public final class AotTraining {

    static final String SEPARATOR = "::";

    private AotTraining() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        for (List<String> commandLine : commandLines(args)) {
            out.println("$ capa " + String.join(" ", commandLine));
            int exitCode = Main.run(commandLine.toArray(String[]::new), out, err);
            out.println("(exit " + exitCode + ")");
        }
        // Ends the way Main ends: System.exit loads classes of its own (Runtime.exit logs
        // through System.Logger), and they belong in the cache too.
        System.exit(0);
    }

    static List<List<String>> commandLines(String[] args) {
        List<List<String>> commandLines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= args.length; i++) {
            if (i == args.length || args[i].equals(SEPARATOR)) {
                commandLines.add(List.copyOf(Arrays.asList(args).subList(start, i)));
                start = i + 1;
            }
        }
        return commandLines;
    }
}
