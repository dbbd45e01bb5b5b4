package capa.cli.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capa describe ID}: a procedure's parameters, types and whether each is required. */
@Command(name = "describe",
        mixinStandardHelpOptions = true,
        synopsisHeading = "Usage: ",
        customSynopsis = "capa describe [OPTIONS] ID",
        descriptionHeading = "%n",
        description = "  List a procedure's parameters, from its configuration record.",
        optionListHeading = "%nOptions:%n")
public final class DescribeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Procedure id.")
    private String id;

    @Option(names = "--plugins-lock", paramLabel = "PATH", description = "Path to plugins.lock.")
    private String pluginsLock;

    @Option(names = "--modules", paramLabel = "DIR", description = "Plugin directory; repeatable.")
    private List<Path> modules = new ArrayList<>();

    @Override
    public Integer call() {
        GatedProcedures gated = GatedProcedures.open(pluginsLock, modules, System.getenv(),
                Path.of("").toAbsolutePath());
        return Describer.describe(gated, id, spec.commandLine().getOut());
    }
}
