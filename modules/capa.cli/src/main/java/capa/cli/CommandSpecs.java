package capa.cli;

import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Builds capa's picocli models in code. Annotations would say the same, but picocli reads them
 * by reflection, and the JDK answers every annotation read with an instance of a proxy class
 * it generates at run time, one per annotation type, which the image's AOT cache cannot hold:
 * that was a third of what {@code capa plugins list} cost before reading a single plugin
 * (docs/performance.md). Built here, a command's model costs a few object allocations.
 *
 * <p>Each command class has a static {@code spec()} that builds its model around a fresh
 * instance and keeps each of its options as an {@link Arg} field, through which it reads the
 * values when it runs.
 */
public final class CommandSpecs {

    /**
     * Converts a command-line value to a {@code Path}. picocli's own converter for paths calls
     * {@code Paths.get} through reflection (it runs on Java 5), which spins method handles at
     * every start.
     */
    public static final ITypeConverter<Path> PATH = text -> Path.of(text);

    private CommandSpecs() {
    }

    /**
     * A command named {@code name} that runs {@code command} (a {@code Runnable} or
     * {@code Callable<Integer>}), with the help layout every capa command shares: a
     * {@code Usage:} synopsis and the description after a blank line.
     */
    public static CommandSpec command(Object command, String name, String[] synopsis, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage()
                .synopsisHeading("Usage: ")
                .customSynopsis(synopsis)
                .descriptionHeading("%n")
                .description(description);
        return spec;
    }

    /** {@link #command(Object, String, String[], String...)} with a one-line synopsis. */
    public static CommandSpec command(Object command, String name, String synopsis, String... description) {
        return command(command, name, new String[] {synopsis}, description);
    }

    /**
     * A command below the root, with {@code -h, --help}: its one-line {@code summary} is both
     * its entry in its parent's command list and the first line of its description, followed by
     * {@code details}. Only the root takes {@code --version}: capa has one version, and a
     * subcommand's {@code -V} would print nothing.
     */
    public static CommandSpec subcommand(Object command, String name, String[] synopsis, String summary,
                                         String... details) {
        String[] description = new String[details.length + 1];
        description[0] = "  " + summary;
        System.arraycopy(details, 0, description, 1, details.length);
        CommandSpec spec = command(command, name, synopsis, description);
        spec.usageMessage().header(summary);
        return spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).order(1000)
                .description("Show this message and exit.").build());
    }

    /** {@link #subcommand(Object, String, String[], String, String...)} with a one-line synopsis. */
    public static CommandSpec subcommand(Object command, String name, String synopsis, String summary,
                                         String... details) {
        return subcommand(command, name, new String[] {synopsis}, summary, details);
    }

    /** Sets the lines help prints last, after a blank line. */
    public static void footer(CommandSpec spec, String... lines) {
        spec.usageMessage().footerHeading("%n").footer(lines);
    }

    /** A boolean option; {@code order} places it in the help (unordered ones come first). */
    public static OptionSpec flag(String name, int order, String description) {
        return OptionSpec.builder(name).type(boolean.class).order(order).description(description).build();
    }

    /** An option taking one value of {@code type}, shown as {@code label} in the help. */
    public static OptionSpec.Builder option(String name, String label, Class<?> type, String... description) {
        return OptionSpec.builder(name).paramLabel(label).type(type).description(description);
    }

    /** A positional parameter of {@code type}, shown as {@code label} in the help. */
    public static PositionalParamSpec.Builder parameter(String label, Class<?> type, String description) {
        return PositionalParamSpec.builder().paramLabel(label).type(type).description(description);
    }

    /** Adds {@code option} to {@code spec}; the returned field reads its value. */
    public static <T> Arg<T> add(CommandSpec spec, OptionSpec option) {
        spec.addOption(option);
        return new Arg<>(option);
    }

    /** Adds {@code parameter} to {@code spec}; the returned field reads its value. */
    public static <T> Arg<T> add(CommandSpec spec, PositionalParamSpec parameter) {
        spec.addPositional(parameter);
        return new Arg<>(parameter);
    }
}
