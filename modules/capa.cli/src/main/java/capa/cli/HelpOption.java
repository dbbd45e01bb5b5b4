package capa.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} for subcommands. Only the root command takes {@code --version}: capa has
 * one version, and a subcommand's {@code -V} would print nothing.
 */
public final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, order = 1000,
            description = "Show this message and exit.")
    private boolean help;
}
