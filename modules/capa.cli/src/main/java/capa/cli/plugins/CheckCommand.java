package capa.cli.plugins;

import capa.api.Procedure;
import capa.base.PluginMode;
import capa.base.TerminalText;
import capa.cli.Arg;
import capa.cli.CapaException;
import capa.cli.CommandSpecs;
import capa.cli.ExitCode;
import capa.cli.VersionInfo;
import capa.plugins.DiscoveryRequest;
import capa.plugins.LoadedPlugin;
import capa.plugins.PathStatus;
import capa.plugins.PluginDiscovery;
import capa.plugins.PluginReport;
import capa.plugins.Rejection;
import capa.plugins.lock.LockState;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code capa plugins check}: for plugin authors and their CI, before a JAR or a bundle reaches
 * a rig. Runs discovery and the contract check on the given JARs and bundle directories alone
 * (no builtins, no lock, dev semantics) against this image's {@code capa.api}. Never runs
 * plugin code.
 */
public final class CheckCommand implements Callable<Integer> {

    private CommandSpec spec;
    private Arg<List<Path>> jars;
    private Arg<Boolean> json;

    private CheckCommand() {
    }

    public static CommandSpec spec() {
        CheckCommand command = new CheckCommand();
        CommandSpec spec = CommandSpecs.subcommand(command, "check",
                "capa plugins check [OPTIONS] PLUGIN...",
                "Check plugin JARs and bundles before they reach a rig.",
                "",
                "  Reads, hashes and contract-checks the given JARs and bundle directories alone",
                "  (no builtins, no plugins.lock) against this image's capa.api, and prints each",
                "  procedure's id, package, version and full hash, or why it would be rejected.",
                "  A bundle is a directory of the plugin's JAR and its libraries' JARs; its hash",
                "  is that of 'cd DIR && sha256sum *.jar | LC_ALL=C sort -k2 | sha256sum'. Never",
                "  runs plugin code.");
        CommandSpecs.footer(spec,
                "Exit 0: every procedure passes; 1: something would be rejected; 2: usage error.");
        command.jars = CommandSpecs.add(spec, CommandSpecs.parameter("PLUGIN", List.class,
                        "Plugin JAR file, or bundle directory, to check")
                .auxiliaryTypes(Path.class).converters(CommandSpecs.PATH).arity("1..*").required(true).build());
        command.json = CommandSpecs.add(spec,
                CommandSpecs.flag("--json", 50, "Print the result as JSON (schema 1, see docs/json.md)."));
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        List<Path> files = files();
        PluginReport report = PluginDiscovery.discover(new DiscoveryRequest(List.of(), PluginMode.DEV,
                new LockState.Absent(List.of()), false, DiscoveryRequest.Use.INSPECT, files));
        // The capa.api this image links, which the plugins are checked against.
        String capaApi = VersionInfo.moduleVersion(Procedure.class.getModule());
        ReportOutput.print(spec, json.isSet(), () -> JsonReport.check(capaApi, files, report), () -> lines(capaApi, report));
        return report.rejected().isEmpty() ? ExitCode.OK.code() : ExitCode.FAILURE.code();
    }

    /**
     * The given files and bundle directories, absolute, each once; a path that is neither a
     * file nor a directory is a usage error.
     */
    private List<Path> files() {
        LinkedHashSet<Path> files = new LinkedHashSet<>();
        for (Path jar : jars.value()) {
            Path absolute = jar.toAbsolutePath().normalize();
            String unusable = unusable(absolute);
            if (unusable != null) {
                throw CapaException.refused(TerminalText.escape(jar.toString()) + ": " + unusable);
            }
            files.add(absolute);
        }
        return List.copyOf(files);
    }

    /**
     * Why {@code path} is neither a file nor a directory, as the operating system tells it
     * (a symbolic link loop, a broken link, a directory on the way that cannot be searched), or
     * {@code null} when it is one: a file that cannot be read is then refused by discovery.
     */
    static String unusable(Path path) {
        return switch (PathStatus.of(path)) {
            case PathStatus.Missing(boolean brokenLink) -> brokenLink ? "broken symbolic link" : "no such file";
            case PathStatus.Unreadable(String reason) -> reason;
            case PathStatus.Present(BasicFileAttributes attributes) ->
                    attributes.isRegularFile() || attributes.isDirectory() ? null : "not a regular file";
        };
    }

    static List<String> lines(String capaApi, PluginReport report) {
        List<String> lines = new ArrayList<>();
        lines.add("capa.api: " + capaApi);
        lines.add("");
        ReportFormatter.table(report.loaded().stream().map(LoadedPlugin::description).toList(), true, lines);
        ReportFormatter.section("Rejected:", report.rejected().stream().map(Rejection::line).toList(), lines);
        lines.add("");
        int rejected = report.rejected().size();
        lines.add(rejected == 0
                ? "check: passed \u2014 " + report.loaded().size() + (report.loaded().size() == 1
                        ? " procedure" : " procedures") + " would load"
                : "check: FAILED \u2014 " + rejected + " would be rejected");
        return lines;
    }
}
