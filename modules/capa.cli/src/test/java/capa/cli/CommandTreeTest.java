package capa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandTreeTest {

    @Test
    void aCommandLineThatNamesACommandBuildsOnlyItsBranch() {
        CommandLine tree = CommandTree.forArguments(new String[] {"plugins", "list", "--full-hash"});
        assertEquals(Set.of("plugins"), tree.getSubcommands().keySet());
        assertEquals(Set.of("list"), tree.getSubcommands().get("plugins").getSubcommands().keySet());
    }

    @Test
    void helpAndUnknownCommandsSeeEveryCommandInOrder() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"frobnicate"}, new String[0])) {
            CommandLine tree = CommandTree.forArguments(args);
            assertEquals(List.of("plugins", "run", "describe", "completion"),
                    List.copyOf(tree.getSubcommands().keySet()));
            assertEquals(List.of("list", "trust", "untrust", "verify", "check"),
                    List.copyOf(tree.getSubcommands().get("plugins").getSubcommands().keySet()));
        }
    }

    @Test
    void aMisspeltSubcommandStillGetsItsSiblingsForSuggestions() {
        CommandLine tree = CommandTree.forArguments(new String[] {"plugins", "lst"});
        assertEquals(5, tree.getSubcommands().get("plugins").getSubcommands().size());
    }

    @Test
    void versionNeedsNoCommandsAndCompletionNeedsThemAll() {
        assertEquals(0, CommandTree.forArguments(new String[] {"--version"}).getSubcommands().size());
        assertEquals(4, CommandTree.forArguments(new String[] {"completion"}).getSubcommands().size());
    }
}
