package capa.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The root command. Running {@code capa} with no command shows its help. Its commands are
 * attached by {@link CommandTree}.
 */
public final class CapaCommand implements Runnable {

    private CommandSpec spec;

    private CapaCommand() {
    }

    static CommandSpec spec() {
        CapaCommand command = new CapaCommand();
        command.spec = CommandSpecs.command(command, "capa", "capa [OPTIONS] COMMAND [ARGS]...",
                        "  Lab-automation runtime: loads procedure plugins in isolation, checks their",
                        "  contract, fingerprints them, and in production mode runs only what a lab lead",
                        "  trusted in plugins.lock.",
                        "",
                        "  Plugins are JARs, or bundle directories of a plugin's JAR and its libraries'",
                        "  JARs, in the image's modules/ directory (or --modules DIR).",
                        "  Set CAPA_PLUGIN_MODE=production on rigs that must run only trusted procedures.")
                .versionProvider(new VersionInfo())
                .addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("Show this help message and exit.").build())
                .addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                        .description("Print version information and exit.").build());
        command.spec.usageMessage().commandListHeading("%nCommands:%n");
        CommandSpecs.footer(command.spec, "Run 'capa COMMAND --help' for a command's options.");
        return command.spec;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
