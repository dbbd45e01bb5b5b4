package capa.cli.plugins;

import capa.base.PluginMode;
import capa.base.TerminalText;
import capa.plugins.Drift;
import capa.plugins.LoadedPlugin;
import capa.plugins.PluginDescription;
import capa.plugins.PluginReport;
import capa.plugins.Rejection;
import capa.plugins.lock.LockState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Formats a {@link PluginReport} as {@code plugins list} prints it, whitespace included:
 *
 * <pre>
 * plugin mode: &lt;mode&gt;
 * plugins.lock: &lt;absolute path&gt; (schema v1)
 *
 * id&lt;pad to 40&gt;  package&lt;pad to 20&gt;  version&lt;pad to 10&gt;  hash
 * &lt;id&gt;           &lt;package&gt;           &lt;version&gt;           sha256:&lt;first 12 hex&gt;…
 *
 * Rejected:
 *   &lt;id or file&gt;: &lt;reason&gt;
 *
 * Drift vs plugins.lock:
 *   &lt;id&gt;: &lt;field&gt; (expected='&lt;lock value&gt;', actual='&lt;installed value&gt;')
 * </pre>
 *
 * Columns are at least 40, 20 and 10 wide and widen to the longest value as shown (escaped
 * by {@link TerminalText}, as every line is when printed: see {@link ReportOutput});
 * {@code (no plugins loaded)} replaces an empty table; empty sections are left out. An unusable lock is named on
 * the second line and its problems are listed in a {@code plugins.lock problems:} section.
 */
public final class ReportFormatter {

    static final int ID_WIDTH = 40;
    static final int PACKAGE_WIDTH = 20;
    static final int VERSION_WIDTH = 10;
    static final int HASH_HEX_DIGITS = 12;

    private ReportFormatter() {
    }

    /** The report's lines, without line terminators. */
    public static List<String> lines(PluginReport report, boolean fullHash) {
        return lines(report.mode(), report.lock(),
                report.loaded().stream().map(LoadedPlugin::description).toList(),
                report.rejected(), report.drift(), fullHash);
    }

    static List<String> lines(PluginMode mode, LockState lock, List<PluginDescription> loaded,
                              List<Rejection> rejected, List<Drift> drift, boolean fullHash) {
        List<String> out = new ArrayList<>();
        out.add("plugin mode: " + mode.label());
        out.add("plugins.lock: " + lockLine(mode, lock));
        out.add("");
        table(loaded, fullHash, out);
        if (lock instanceof LockState.Unusable unusable) {
            section("plugins.lock problems:", unusable.problem().lines().toList(), out);
        }
        section("Rejected:", rejected.stream().map(Rejection::line).toList(), out);
        section("Drift vs plugins.lock:", drift.stream().map(Drift::line).toList(), out);
        return out;
    }

    /** The loaded procedures' ids, comma-separated, or {@code (none)}: what a refusal offers instead. */
    public static String loadedIds(PluginReport report) {
        String ids = report.loaded().stream().map(p -> p.description().id().value())
                .collect(Collectors.joining(", "));
        return ids.isEmpty() ? "(none)" : ids;
    }

    static String lockLine(PluginMode mode, LockState lock) {
        return switch (lock) {
            case LockState.Loaded loaded -> loaded.path() + " (schema v" + loaded.lockfile().version() + ")";
            case LockState.Absent absent -> mode == PluginMode.PRODUCTION
                    ? "(none \u2014 production mode requires one to gate trust)" : "(none)";
            case LockState.Unusable unusable -> unusable.path() + " (unusable"
                    + (mode == PluginMode.PRODUCTION ? " \u2014 production mode loads nothing)" : ")");
        };
    }

    static void table(List<PluginDescription> loaded, boolean fullHash, List<String> out) {
        if (loaded.isEmpty()) {
            out.add("(no plugins loaded)");
            return;
        }
        // Module names and versions come from JARs: escaped first, so columns are measured as shown.
        List<String[]> cells = loaded.stream().map(d -> new String[] {TerminalText.escape(d.id().value()),
                TerminalText.escape(d.packageName()), TerminalText.escape(d.version()),
                fullHash ? d.hash().toString() : d.hash().abbreviated(HASH_HEX_DIGITS)}).toList();
        int idWidth = ID_WIDTH;
        int packageWidth = PACKAGE_WIDTH;
        int versionWidth = VERSION_WIDTH;
        for (String[] row : cells) {
            idWidth = Math.max(idWidth, TerminalText.width(row[0]));
            packageWidth = Math.max(packageWidth, TerminalText.width(row[1]));
            versionWidth = Math.max(versionWidth, TerminalText.width(row[2]));
        }
        out.add(row("id", idWidth, "package", packageWidth, "version", versionWidth, "hash"));
        for (String[] row : cells) {
            out.add(row(row[0], idWidth, row[1], packageWidth, row[2], versionWidth, row[3]));
        }
    }

    private static String row(String id, int idWidth, String pkg, int packageWidth, String version,
                              int versionWidth, String hash) {
        return pad(id, idWidth) + "  " + pad(pkg, packageWidth) + "  " + pad(version, versionWidth) + "  " + hash;
    }

    private static String pad(String value, int width) {
        return value + " ".repeat(Math.max(0, width - TerminalText.width(value)));
    }

    /** A blank line, the heading, and each line indented by two spaces; nothing when empty. */
    static void section(String heading, List<String> lines, List<String> out) {
        if (lines.isEmpty()) {
            return;
        }
        out.add("");
        out.add(heading);
        lines.forEach(line -> out.add("  " + line));
    }
}
