package capa.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code capa completion}: prints the bash/zsh completion script for the whole command tree.
 * The image build runs it once and ships the result as {@code completion/capa.bash}, so
 * operators normally source that file instead.
 */
@Command(header = "Print the bash/zsh completion script for capa.",
        name = CompletionCommand.NAME,
        synopsisHeading = "Usage: ",
        customSynopsis = "capa completion",
        descriptionHeading = "%n",
        description = {
            "  Print the bash/zsh completion script for capa.",
            "",
            "  bash:  source <(capa completion)",
            "         (the image ships the same script as completion/capa.bash)",
            "  zsh:   autoload -U +X bashcompinit && bashcompinit",
            "         source <(capa completion)"})
public final class CompletionCommand implements Runnable {

    static final String NAME = "completion";

    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        CommandSpec root = spec.root();
        spec.commandLine().getOut().print(
                AutoComplete.bash(root.name(), root.commandLine()));
        spec.commandLine().getOut().flush();
    }
}
