package capa.cli.run;

import capa.cli.Arg;
import capa.cli.CommandSpecs;
import capa.cli.PluginSources;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code capa describe ID}: a procedure's parameters, types and whether each is required. */
public final class DescribeCommand implements Callable<Integer> {

    private CommandSpec spec;
    private PluginSources sources;
    private Arg<String> id;

    private DescribeCommand() {
    }

    public static CommandSpec spec() {
        DescribeCommand command = new DescribeCommand();
        CommandSpec spec = CommandSpecs.subcommand(command, "describe",
                "capa describe [OPTIONS] ID", "List a procedure's parameters, from its configuration record.");
        command.id = CommandSpecs.add(spec, CommandSpecs.parameter("ID", String.class, "Procedure id.")
                .required(true).build());
        command.sources = PluginSources.addTo(spec);
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        GatedProcedures gated = GatedProcedures.open(sources, System.getenv());
        return Describer.describe(gated, id.value(), spec.commandLine().getOut());
    }
}
