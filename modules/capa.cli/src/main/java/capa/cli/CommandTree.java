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

/**
 * capa's commands, and the picocli model of just the part of them a command line needs.
 *
 * <p>picocli builds a command's model by reflection over its annotations, and that is most of
 * what {@code capa} costs at start-up. {@code capa plugins list} needs the models of
 * {@code capa}, {@code plugins} and {@code list}, not those of {@code run} or {@code verify};
 * {@code capa --version} needs none below the root. Whenever the arguments do not name one
 * command at a level (help, an unknown command, a misspelling), that level gets all its
 * commands, so listings and "did you mean" suggestions are complete.
 */
final class CommandTree {

    private record Node(String name, Supplier<Object> command, List<Node> children) {
    }

    private static final Node ROOT = new Node("capa", CapaCommand::new, List.of(
            new Node("plugins", PluginsCommand::new, List.of(
                    leaf("list", ListCommand::new),
                    leaf("trust", TrustCommand::new),
                    leaf("untrust", UntrustCommand::new),
                    leaf("verify", VerifyCommand::new),
                    leaf("check", CheckCommand::new))),
            leaf("run", RunCommand::new),
            leaf("describe", DescribeCommand::new),
            // Completion describes the whole tree, so it is built in full for it.
            leaf(CompletionCommand.NAME, CompletionCommand::new)));

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

    private static Node leaf(String name, Supplier<Object> command) {
        return new Node(name, command, List.of());
    }
}
