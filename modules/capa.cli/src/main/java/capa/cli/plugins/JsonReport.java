package capa.cli.plugins;

import capa.plugins.Drift;
import capa.plugins.LoadedPlugin;
import capa.plugins.PluginDescription;
import capa.plugins.PluginReport;
import capa.plugins.Rejection;
import capa.plugins.Verification;
import capa.plugins.lock.AuditFinding;
import capa.plugins.lock.AuditReport;
import capa.plugins.lock.LockState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} documents of {@code plugins list}, {@code verify} and {@code check}, as
 * ordered maps for {@link capa.runner.Json}. Schema 1, documented in {@code docs/json.md}:
 * fields always appear, in the order written here, with {@code null} or {@code []} when they
 * do not apply, and hashes are whole. Adding a field keeps the schema number; renaming,
 * removing or retyping one raises it.
 */
final class JsonReport {

    static final int SCHEMA = 1;

    private JsonReport() {
    }

    static Map<String, Object> list(PluginReport report) {
        Map<String, Object> json = header("plugins list");
        json.put("mode", report.mode().label());
        json.put("lock", lock(report.lock()));
        putReport(json, report);
        return json;
    }

    static Map<String, Object> verify(Verification verification) {
        PluginReport report = verification.report();
        Map<String, Object> json = header("plugins verify");
        json.put("passed", verification.passed());
        json.put("mode", report.mode().label());
        json.put("lock", lock(report.lock()));
        json.put("journal", journal(verification.audit()));
        json.put("loaded", report.loaded().stream().map(LoadedPlugin::description).map(JsonReport::plugin).toList());
        json.put("rejected", verification.rejections().stream().map(JsonReport::rejection).toList());
        json.put("drift", report.drift().stream().map(JsonReport::drift).toList());
        json.put("revoked", verification.revoked().stream().map(JsonReport::revoked).toList());
        json.put("audit", verification.audit().findings().stream().map(JsonReport::finding).toList());
        json.put("findings", verification.findings());
        return json;
    }

    static Map<String, Object> check(String capaApi, List<Path> jars, PluginReport report) {
        Map<String, Object> json = header("plugins check");
        json.put("passed", report.rejected().isEmpty());
        json.put("capa_api", capaApi);
        json.put("jars", jars.stream().map(Path::toString).toList());
        json.put("loaded", report.loaded().stream().map(p -> plugin(p.description())).toList());
        json.put("rejected", report.rejected().stream().map(JsonReport::rejection).toList());
        return json;
    }

    private static Map<String, Object> header(String command) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema", SCHEMA);
        json.put("command", command);
        return json;
    }

    private static void putReport(Map<String, Object> json, PluginReport report) {
        json.put("loaded", report.loaded().stream().map(LoadedPlugin::description).map(JsonReport::plugin).toList());
        json.put("rejected", report.rejected().stream().map(JsonReport::rejection).toList());
        json.put("drift", report.drift().stream().map(JsonReport::drift).toList());
    }

    private static Map<String, Object> revoked(Verification.Revoked revoked) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", revoked.id().value());
        json.put("journal_line", revoked.journalLine());
        json.put("line", revoked.line());
        return json;
    }

    static Map<String, Object> plugin(PluginDescription d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", d.id().value());
        json.put("name", d.name());
        json.put("package", d.packageName());
        json.put("version", d.version());
        json.put("entry_point", d.entryPoint());
        json.put("distribution_hash", d.hash().toString());
        json.put("builtin", d.builtin());
        return json;
    }

    private static Map<String, Object> rejection(Rejection r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("subject", r.subject());
        json.put("kind", r.kind().label());
        json.put("reason", r.reason());
        json.put("line", r.line());
        return json;
    }

    private static Map<String, Object> drift(Drift drift) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", drift.id().value());
        switch (drift) {
            case Drift.FieldDrift f -> {
                json.put("kind", "field");
                json.put("field", f.field().label());
                json.put("expected", f.expected());
                json.put("actual", f.actual());
            }
            case Drift.NotInstalled n -> {
                json.put("kind", "not_installed");
                json.put("field", null);
                json.put("expected", n.packageName() + "==" + n.version());
                json.put("actual", null);
            }
        }
        json.put("line", drift.line());
        return json;
    }

    private static Map<String, Object> lock(LockState lock) {
        Map<String, Object> json = new LinkedHashMap<>();
        switch (lock) {
            case LockState.Loaded loaded -> {
                json.put("state", "loaded");
                json.put("path", loaded.path().toString());
                json.put("schema", loaded.lockfile().version());
                json.put("entries", loaded.lockfile().entries().size());
                json.put("problems", List.of());
            }
            case LockState.Absent absent -> {
                json.put("state", "absent");
                json.put("path", null);
                json.put("schema", null);
                json.put("entries", null);
                json.put("problems", List.of());
            }
            case LockState.Unusable unusable -> {
                json.put("state", "unusable");
                json.put("path", unusable.path().toString());
                json.put("schema", null);
                json.put("entries", null);
                json.put("problems", unusable.problem().lines().toList());
            }
        }
        return json;
    }

    private static Map<String, Object> journal(AuditReport audit) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("path", audit.journal().toString());
        json.put("present", audit.present());
        json.put("lines", audit.lines());
        return json;
    }

    /** What a finding points at: a procedure, a journal line, both, or neither. */
    private record Pointer(String id, Integer journalLine) {
    }

    private static Map<String, Object> finding(AuditFinding finding) {
        Pointer pointer = switch (finding) {
            case AuditFinding.MalformedLine m -> new Pointer(null, m.lineNumber());
            case AuditFinding.NotJournaled n -> new Pointer(n.id().value(), null);
            case AuditFinding.Revoked r -> new Pointer(r.id().value(), r.lineNumber());
            case AuditFinding.Differs d -> new Pointer(d.id().value(), d.lineNumber());
            case AuditFinding.RemovedWithoutRevoke r -> new Pointer(r.id().value(), r.lineNumber());
            case AuditFinding.JournalUnreadable u -> new Pointer(null, null);
            case AuditFinding.WritableByOthers w -> new Pointer(null, null);
        };
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", finding.kind());
        json.put("id", pointer.id());
        json.put("journal_line", pointer.journalLine());
        json.put("line", finding.line());
        return json;
    }
}
