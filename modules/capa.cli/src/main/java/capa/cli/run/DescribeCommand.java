package capa.cli.run;

import capa.cli.HelpOption;
import capa.cli.PluginSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capa describe ID}: a procedure's parameters, types and whether each is required. */
@Command(header = "List a procedure's parameters, from its configuration record.",
        name = "describe",
        synopsisHeading = "Usage: ",
        customSynopsis = "capa describe [OPTIONS] ID",
        descriptionHeading = "%n",
        description = "  List a procedure's parameters, from its configuration record.")
public final class DescribeCommand implements Callable<Integer> {

    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Procedure id.")
    private String id;

    @Mixin
    private PluginSources sources;

    @Override
    public Integer call() {
        GatedProcedures gated = GatedProcedures.open(sources, System.getenv());
        return Describer.describe(gated, id, spec.commandLine().getOut());
    }
}
