package capa.cli;

import capa.cli.plugins.CheckCommand;
import capa.cli.plugins.ListCommand;
import capa.cli.plugins.PluginsCommand;
import capa.cli.plugins.TrustCommand;
import capa.cli.plugins.UntrustCommand;
import capa.cli.plugins.VerifyCommand;
import capa.cli.run.DescribeCommand;
import capa.cli.run.RunCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * capa's commands, and the picocli model of just the part of them a command line needs.
 *
 * <p>Each command builds its model in code ({@link CommandSpecs}), and only the commands a
 * command line can reach are built: {@code capa plugins list} needs the models of
 * {@code capa}, {@code plugins} and {@code list}, not those of {@code run} or {@code verify};
 * {@code capa --version} needs none below the root. Whenever the arguments do not name one
 * command at a level (help, an unknown command, a misspelling), that level gets all its
 * commands, so listings and "did you mean" suggestions are complete.
 */
final class CommandTree {

    private record Node(String name, Supplier<CommandSpec> command, List<Node> children) {
    }

    private static final Node ROOT = new Node("capa", CapaCommand::spec, List.of(
            new Node("plugins", PluginsCommand::spec, List.of(
                    leaf("list", ListCommand::spec),
                    leaf("trust", TrustCommand::spec),
                    leaf("untrust", UntrustCommand::spec),
                    leaf("verify", VerifyCommand::spec),
                    leaf("check", CheckCommand::spec))),
            leaf("run", RunCommand::spec),
            leaf("describe", DescribeCommand::spec),
            // Completion describes the whole tree, so it is built in full for it.
            leaf(CompletionCommand.NAME, CompletionCommand::spec)));

    private CommandTree() {
    }

    /** The command line for {@code args}: the root with the commands they lead to. */
    static CommandLine forArguments(String[] args) {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains(CompletionCommand.NAME)) {
            return build(ROOT, List.of(), true);
        }
        boolean versionOnly = arguments.size() == 1
                && (arguments.get(0).equals("--version") || arguments.get(0).equals("-V"));
        return build(ROOT, arguments, !versionOnly);
    }

    private static CommandLine build(Node node, List<String> arguments, boolean withChildren) {
        CommandLine commandLine = new CommandLine(node.command().get());
        if (!withChildren) {
            return commandLine;
        }
        Optional<Node> named = arguments.isEmpty() ? Optional.empty()
                : node.children().stream().filter(c -> c.name().equals(arguments.get(0))).findFirst();
        if (named.isPresent()) {
            commandLine.addSubcommand(build(named.get(), arguments.subList(1, arguments.size()), true));
        } else {
            for (Node child : node.children()) {
                commandLine.addSubcommand(build(child, List.of(), true));
            }
        }
        return commandLine;
    }

    private static Node leaf(String name, Supplier<CommandSpec> command) {
        return new Node(name, command, List.of());
    }
}
