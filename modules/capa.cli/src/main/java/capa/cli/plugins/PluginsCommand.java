package capa.cli.plugins;

import capa.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code capa plugins}: the group of commands that inspect plugin trust state. Its commands
 * are attached by {@code capa.cli.CommandTree}.
 */
@Command(name = "plugins",
        synopsisHeading = "Usage: ",
        customSynopsis = "capa plugins [OPTIONS] COMMAND [ARGS]...",
        descriptionHeading = "%n",
        header = "Inspect plugin trust state.",
        description = "  Inspect plugin trust state.",
        commandListHeading = "%nCommands:%n")
public final class PluginsCommand implements Runnable {

    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
