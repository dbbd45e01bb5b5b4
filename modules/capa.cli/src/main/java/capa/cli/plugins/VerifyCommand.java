package capa.cli.plugins;

import capa.cli.Arg;
import capa.cli.CapaException;
import capa.cli.CommandSpecs;
import capa.cli.ExitCode;
import capa.cli.PluginSources;
import capa.plugins.PluginReport;
import capa.plugins.Verification;
import capa.plugins.lock.AuditFinding;
import capa.plugins.lock.AuditReport;
import capa.plugins.lock.LockLocation;
import capa.plugins.lock.LockState;
import capa.plugins.lock.LockfileReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code capa plugins verify}: the pre-shift or CI check of a rig. Production semantics
 * against the lock whatever {@code $CAPA_PLUGIN_MODE} says, plus the journal audit. Exit 0
 * only when everything agrees, 1 with every finding listed, 2 without a usable lock.
 */
public final class VerifyCommand implements Callable<Integer> {

    private CommandSpec spec;
    private PluginSources sources;
    private Arg<Boolean> json;

    private VerifyCommand() {
    }

    public static CommandSpec spec() {
        VerifyCommand command = new VerifyCommand();
        CommandSpec spec = CommandSpecs.subcommand(command, "verify",
                "capa plugins verify [OPTIONS]",
                "Check the rig against ``plugins.lock`` and its journal.",
                "",
                "  Discovers every plugin as production mode would (whatever",
                "  $CAPA_PLUGIN_MODE says; builtins are always trusted), replays",
                "  plugins.lock.journal against the lock, and lists every finding.",
                "  Never runs plugin code.");
        CommandSpecs.footer(spec,
                "Exit 0: a valid lock, nothing rejected, no drift, and the lock agrees with its",
                "journal. 1: findings, one per line. 2: usage error, or no usable plugins.lock.");
        command.sources = PluginSources.addTo(spec);
        command.json = CommandSpecs.add(spec,
                CommandSpecs.flag("--json", 50, "Print the result as JSON (schema 1, see docs/json.md)."));
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        Map<String, String> environment = System.getenv();
        LockLocation location = sources.lockLocation(environment);
        LockState.Loaded lock = switch (LockfileReader.read(location)) {
            case LockState.Loaded loaded -> loaded;
            case LockState.Absent absent -> throw CapaException.refused("verify needs a plugins.lock;"
                    + " pass --plugins-lock or place one at " + PluginSources.lookedAt(absent));
            case LockState.Unusable unusable -> throw CapaException.refused(unusable.problem()
                    + "\nverify needs a plugins.lock it can read");
        };
        Verification verification = Verification.of(sources.pluginDirectories(environment), lock, location);
        ReportOutput.print(spec, json.isSet(), () -> JsonReport.verify(verification), () -> lines(verification));
        return verification.passed() ? ExitCode.OK.code() : ExitCode.FAILURE.code();
    }

    /**
     * The {@code list} report under production semantics, with the journal named under the lock,
     * a {@code Journal vs plugins.lock:} section and a closing verdict.
     */
    static List<String> lines(Verification verification) {
        AuditReport audit = verification.audit();
        PluginReport report = verification.report();
        List<String> lines = new ArrayList<>(ReportFormatter.lines(new PluginReport(report.mode(), report.lock(),
                report.loaded(), verification.rejections(), report.drift()), false));
        lines.add(2, "journal: " + audit.journal() + (audit.present()
                ? " (" + audit.lines() + (audit.lines() == 1 ? " line)" : " lines)") : " (none)"));
        ReportFormatter.section("Revoked (installed, not loaded):",
                verification.revoked().stream().map(Verification.Revoked::line).toList(), lines);
        ReportFormatter.section("Journal vs plugins.lock:",
                audit.findings().stream().map(AuditFinding::line).toList(), lines);
        lines.add("");
        int findings = verification.findings().size();
        lines.add(verification.passed()
                ? "verify: passed \u2014 nothing rejected, no drift, plugins.lock agrees with its journal"
                : "verify: FAILED \u2014 " + findings + (findings == 1 ? " finding" : " findings"));
        return lines;
    }
}
