package capa.cli.plugins;

import capa.cli.CommandSpecs;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code capa plugins}: the group of commands that inspect plugin trust state. Its commands
 * are attached by {@code capa.cli.CommandTree}.
 */
public final class PluginsCommand implements Runnable {

    private CommandSpec spec;

    private PluginsCommand() {
    }

    public static CommandSpec spec() {
        PluginsCommand command = new PluginsCommand();
        command.spec = CommandSpecs.subcommand(command, "plugins",
                "capa plugins [OPTIONS] COMMAND [ARGS]...", "Inspect plugin trust state.");
        command.spec.usageMessage().commandListHeading("%nCommands:%n");
        return command.spec;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
