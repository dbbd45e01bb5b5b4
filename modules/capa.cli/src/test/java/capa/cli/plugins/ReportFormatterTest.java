package capa.cli.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import capa.base.PluginCoordinates;
import capa.base.DistributionHash;
import capa.base.PluginId;
import capa.base.PluginMode;
import capa.plugins.Drift;
import capa.plugins.PluginDescription;
import capa.plugins.Rejection;
import capa.plugins.lock.LockState;
import capa.plugins.lock.Lockfile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormatterTest {

    static final DistributionHash CAPA = DistributionHash.parse("sha256:9a8b7c6d5e4f" + "0".repeat(52));
    static final DistributionHash CONTRIB = DistributionHash.parse("sha256:a1b2c3d4e5f6" + "1".repeat(52));

    static PluginDescription plugin(String id, String pkg, String version, DistributionHash hash) {
        return new PluginDescription(new PluginCoordinates(PluginId.parse(id), pkg, version, pkg + "/X", hash), "n", "",
                pkg.equals("capa"));
    }

    @Test
    void theSpecPagesExampleIsReproducedWhitespaceIncluded() {
        LockState lock = new LockState.Loaded(Path.of("/home/lab/capa/plugins.lock"), new Lockfile(1, List.of()));
        List<String> lines = ReportFormatter.lines(PluginMode.PRODUCTION, lock, List.of(
                        plugin("capa.builtin.free_run", "capa", "0.0.0", CAPA),
                        plugin("capa.contrib.my_procedure", "capa_contrib", "0.3.1", CONTRIB)),
                List.of(new Rejection("capa.contrib.experimental", Rejection.Kind.CONTRACT_CHECK_FAILED, "missing async run()")),
                List.of(new Drift.FieldDrift(PluginId.parse("capa.contrib.my_procedure"), Drift.Field.VERSION,
                        "0.3.0", "0.3.1")),
                false);
        assertEquals(List.of(
                "plugin mode: production",
                "plugins.lock: /home/lab/capa/plugins.lock (schema v1)",
                "",
                "id                                        package               version     hash",
                "capa.builtin.free_run                     capa                  0.0.0       sha256:9a8b7c6d5e4f\u2026",
                "capa.contrib.my_procedure                 capa_contrib          0.3.1       sha256:a1b2c3d4e5f6\u2026",
                "",
                "Rejected:",
                "  capa.contrib.experimental: contract_check_failed: missing async run()",
                "",
                "Drift vs plugins.lock:",
                "  capa.contrib.my_procedure: version (expected='0.3.0', actual='0.3.1')"), lines);
    }

    @Test
    void columnsWidenForLongValuesAndStayAligned() {
        String longId = "lab.a_very_long_plugin_identifier.that_goes_on_and_on";
        List<String> lines = ReportFormatter.lines(PluginMode.DEV, new LockState.Absent(List.of()), List.of(
                plugin(longId, "lab.a_very_long_module_name_indeed", "1.0.0-SNAPSHOT-2025", CONTRIB),
                plugin("lab.x.y", "lab.x", "1", CAPA)), List.of(), List.of(), false);
        String header = lines.get(3);
        int packageColumn = header.indexOf("package");
        assertEquals(longId.length() + 2, packageColumn);
        assertEquals(packageColumn, lines.get(5).indexOf("lab.x "));
        assertEquals(header.indexOf("hash"), lines.get(5).indexOf("sha256:"));
    }

    @Test
    void fullHashPrintsWholeDigests() {
        List<String> lines = ReportFormatter.lines(PluginMode.DEV, new LockState.Absent(List.of()),
                List.of(plugin("lab.x.y", "lab.x", "1", CONTRIB)), List.of(), List.of(), true);
        assertEquals(true, lines.get(4).endsWith(CONTRIB.toString()));
    }

    @Test
    void anEmptyTableSaysNoPluginsLoadedAndEmptySectionsAreLeftOut() {
        assertEquals(List.of("plugin mode: production",
                        "plugins.lock: (none \u2014 production mode requires one to gate trust)",
                        "",
                        "(no plugins loaded)"),
                ReportFormatter.lines(PluginMode.PRODUCTION, new LockState.Absent(List.of()), List.of(),
                        List.of(), List.of(), false));
    }

    @Test
    void devWithoutALockSaysNone() {
        assertEquals("plugins.lock: (none)", ReportFormatter.lines(PluginMode.DEV, new LockState.Absent(List.of()),
                List.of(), List.of(), List.of(), false).get(1));
    }

    @Test
    void anUnusableLockIsNamedAndItsProblemsListed() {
        LockState lock = new LockState.Unusable(Path.of("/lab/plugins.lock"),
                "/lab/plugins.lock:2:1: unknown key 'colour'");
        assertEquals(List.of("plugin mode: production",
                        "plugins.lock: /lab/plugins.lock (unusable \u2014 production mode loads nothing)",
                        "",
                        "(no plugins loaded)",
                        "",
                        "plugins.lock problems:",
                        "  /lab/plugins.lock:2:1: unknown key 'colour'"),
                ReportFormatter.lines(PluginMode.PRODUCTION, lock, List.of(), List.of(), List.of(), false));
    }

    @Test
    void columnsAreMeasuredAfterEscapingSoTheyStayAligned() {
        // a version that would erase the line above it, and one that reverses what follows it
        List<String> lines = ReportFormatter.lines(PluginMode.DEV, new LockState.Absent(List.of()), List.of(
                plugin("lab.a.p", "lab.a", "1.0\u001b[1A\u001b[2K", CAPA),
                plugin("lab.b.p", "lab.b", "2.0\u202e1-beta", CONTRIB)), List.of(), List.of(), false);
        assertEquals("lab.a.p                                   lab.a                 1.0\\u001b[1A\\u001b[2K  "
                + "sha256:9a8b7c6d5e4f\u2026", lines.get(4));
        assertEquals("lab.b.p                                   lab.b                 2.0\\u202e1-beta        "
                + "sha256:a1b2c3d4e5f6\u2026", lines.get(5));
    }
}
