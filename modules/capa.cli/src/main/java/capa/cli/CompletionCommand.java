package capa.cli;

import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code capa completion}: prints the bash/zsh completion script for the whole command tree.
 * The image build runs it once and ships the result as {@code completion/capa.bash}, so
 * operators normally source that file instead.
 */
public final class CompletionCommand implements Runnable {

    static final String NAME = "completion";

    private CommandSpec spec;

    private CompletionCommand() {
    }

    static CommandSpec spec() {
        CompletionCommand command = new CompletionCommand();
        command.spec = CommandSpecs.subcommand(command, NAME, "capa completion",
                "Print the bash/zsh completion script for capa.",
                "",
                "  bash:  source <(capa completion)",
                "         (the image ships the same script as completion/capa.bash)",
                "  zsh:   autoload -U +X bashcompinit && bashcompinit",
                "         source <(capa completion)");
        return command.spec;
    }

    @Override
    public void run() {
        CommandSpec root = spec.root();
        // picocli numbers the script's variables with the default locale's digits: under an
        // Arabic or Persian locale that is not bash. The script is code, so Locale.ROOT.
        Locale format = Locale.getDefault(Locale.Category.FORMAT);
        String script;
        try {
            Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
            script = AutoComplete.bash(root.name(), root.commandLine());
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, format);
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
    }
}
