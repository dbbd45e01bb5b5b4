package capa.cli;

import picocli.CommandLine.Command;

/**
 * The root command. Running {@code capa} with no command shows its help. Its commands are
 * attached by {@link CommandTree}.
 */
@Command(name = "capa",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        synopsisHeading = "Usage: ",
        customSynopsis = "capa [OPTIONS] COMMAND [ARGS]...",
        descriptionHeading = "%n",
        description = {
            "  Lab-automation runtime: loads procedure plugins in isolation, checks their",
            "  contract, fingerprints them, and in production mode runs only what a lab lead",
            "  trusted in plugins.lock.",
            "",
            "  Plugins are JARs in the image's modules/ directory (or --modules DIR).",
            "  Set CAPA_PLUGIN_MODE=production on rigs that must run only trusted procedures."},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = "Run 'capa COMMAND --help' for a command's options.")
public final class CapaCommand implements Runnable {

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
