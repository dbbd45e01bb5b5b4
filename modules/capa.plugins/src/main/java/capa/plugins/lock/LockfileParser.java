package capa.plugins.lock;

import capa.base.DistributionHash;
import capa.base.PluginId;
import capa.base.io.Utf8Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads {@code plugins.lock} text strictly against schema v1, collecting every problem with its
 * position. The writer uses the entries' header lines to edit the text in place.
 */
final class LockfileParser {

    static final String VERSION = "version";
    static final String PLUGINS = "plugins";
    static final String ID = "id";
    static final String PACKAGE = "package";
    static final String ENTRY_VERSION = "version";
    static final String ENTRY_POINT = "entry_point";
    static final String DISTRIBUTION_HASH = "distribution_hash";

    /** The keys of one entry, in the order capa writes them. */
    static final List<String> ENTRY_KEYS =
            List.of(ID, PACKAGE, ENTRY_VERSION, ENTRY_POINT, DISTRIBUTION_HASH);

    private static final Set<String> TOP_LEVEL_KEYS = Set.of(VERSION, PLUGINS);

    /** The outcome of parsing: a valid lock with where its entries start, or its problems. */
    sealed interface Result {
    }

    /**
     * @param lockfile the content
     * @param headerLines for each entry, in file order, the 1-based line of its
     *     {@code [[plugins]]} header
     */
    record Valid(Lockfile lockfile, List<Integer> headerLines) implements Result {
        Valid {
            headerLines = List.copyOf(headerLines);
        }
    }

    /** @param problems every problem found, in file order; never empty */
    record Invalid(List<LockProblem> problems) implements Result {
        Invalid {
            problems = problems.stream().sorted().toList();
        }
    }

    private LockfileParser() {
    }

    /**
     * Decodes the bytes as UTF-8 (strictly: a lock is text), past a leading UTF-8 byte-order
     * mark if there is one, and parses them. Offsets in problems count from the file's first
     * byte; lines and columns from its first character after the mark.
     */
    static Result parse(byte[] bytes) {
        try {
            return parse(Utf8Text.decode(bytes));
        } catch (Utf8Text.MalformedException e) {
            return new Invalid(List.of(new LockProblem(e.line(), e.column(), e.problem("plugins.lock"))));
        }
    }

    /** Parses lock text that holds no byte-order mark; line breaks may be LF or CRLF. */
    static Result parse(String text) {
        Optional<Valid> canonical = CanonicalLockReader.read(text);
        return canonical.isPresent() ? canonical.get() : parseToml(text);
    }

    /** The full TOML parse and schema check, with every problem's position. */
    static Result parseToml(String text) {
        TomlParseResult toml;
        try {
            toml = Toml.parse(text);
        } catch (StackOverflowError e) {
            // tomlj's parser recurses once per level of nested arrays and inline tables.
            return new Invalid(List.of(new LockProblem(1, 1, "not valid TOML for a plugins.lock: arrays or"
                    + " tables nested too deeply to read (a plugins.lock nests nothing)")));
        }
        if (toml.hasErrors()) {
            List<LockProblem> problems = new ArrayList<>();
            for (TomlParseError error : toml.errors()) {
                TomlPosition at = error.position();
                problems.add(new LockProblem(at.line(), at.column(),
                        "not valid TOML: " + error.getMessage()));
            }
            return new Invalid(problems);
        }
        return new SchemaCheck(text, toml).run();
    }

    /** One pass over a syntactically valid document, collecting every schema violation. */
    private static final class SchemaCheck {
        private final String[] lines;
        private final TomlParseResult toml;
        private final List<LockProblem> problems = new ArrayList<>();

        SchemaCheck(String text, TomlParseResult toml) {
            this.lines = text.split("\n", -1);
            this.toml = toml;
        }

        Result run() {
            for (String key : toml.keySet()) {
                if (!TOP_LEVEL_KEYS.contains(key)) {
                    problem(toml.inputPositionOf(List.of(key)), "unknown key '" + key
                            + "': plugins.lock has only 'version' and '[[plugins]]' entries");
                }
            }
            checkVersion();
            List<LockEntry> entries = new ArrayList<>();
            List<Integer> headerLines = new ArrayList<>();
            if (toml.contains(List.of(PLUGINS))) {
                readEntries(entries, headerLines);
            }
            return problems.isEmpty()
                    ? new Valid(new Lockfile(Lockfile.SCHEMA_VERSION, entries), headerLines)
                    : new Invalid(problems);
        }

        private void checkVersion() {
            if (!toml.contains(List.of(VERSION))) {
                problems.add(new LockProblem(1, 1, "missing 'version = "
                        + Lockfile.SCHEMA_VERSION + "' (the schema version, before any [[plugins]])"));
                return;
            }
            TomlPosition at = toml.inputPositionOf(List.of(VERSION));
            Object value = toml.get(List.of(VERSION));
            if (!(value instanceof Long version)) {
                problem(at, "'version' must be the integer " + Lockfile.SCHEMA_VERSION);
            } else if (version > Lockfile.SCHEMA_VERSION) {
                problem(at, "schema version " + version + " was written by a newer capa; this capa"
                        + " understands schema version " + Lockfile.SCHEMA_VERSION
                        + " only: upgrade capa to use this lock");
            } else if (version < Lockfile.SCHEMA_VERSION) {
                problem(at, "unknown schema version " + version + "; this capa understands schema"
                        + " version " + Lockfile.SCHEMA_VERSION);
            }
        }

        private void readEntries(List<LockEntry> entries, List<Integer> headerLines) {
            TomlPosition pluginsAt = toml.inputPositionOf(List.of(PLUGINS));
            if (!(toml.get(List.of(PLUGINS)) instanceof TomlArray array)
                    || !array.toList().stream().allMatch(TomlTable.class::isInstance)) {
                problem(pluginsAt, "'plugins' must be a list of [[plugins]] tables");
                return;
            }
            Map<PluginId, Integer> firstLineOf = new HashMap<>();
            for (int i = 0; i < array.size(); i++) {
                TomlPosition header = array.inputPositionOf(i);
                if (!startsWith(header, "[[")) {
                    // Inline tables cannot be edited in place without rewriting their neighbours.
                    problem(header, "write each entry as its own [[plugins]] table, not inline");
                    continue;
                }
                LockEntry entry = readEntry(array.getTable(i), header);
                if (entry == null) {
                    continue;
                }
                Integer first = firstLineOf.putIfAbsent(entry.id(), header.line());
                if (first != null) {
                    problem(array.getTable(i).inputPositionOf(List.of(ID)), "duplicate id '"
                            + entry.id() + "' (first entry at line " + first + "); ids must be unique");
                    continue;
                }
                entries.add(entry);
                headerLines.add(header.line());
            }
        }

        private LockEntry readEntry(TomlTable table, TomlPosition header) {
            int before = problems.size();
            for (String key : table.keySet()) {
                if (!ENTRY_KEYS.contains(key)) {
                    problem(table.inputPositionOf(List.of(key)), "unknown key '" + key
                            + "' in [[plugins]]: an entry has exactly id, package, version,"
                            + " entry_point and distribution_hash");
                }
            }
            Map<String, String> values = new HashMap<>();
            for (String key : ENTRY_KEYS) {
                if (!table.contains(List.of(key))) {
                    problem(header, "[[plugins]] entry is missing '" + key + "'");
                    continue;
                }
                TomlPosition at = table.inputPositionOf(List.of(key));
                if (!(table.get(List.of(key)) instanceof String value)) {
                    problem(at, "'" + key + "' must be a string");
                } else if (value.isBlank()) {
                    problem(at, "'" + key + "' must not be empty");
                } else if (value.chars().anyMatch(Character::isISOControl)) {
                    problem(at, "'" + key + "' must not contain control characters");
                } else {
                    values.put(key, value);
                }
            }
            PluginId id = parsed(table, ID, values, PluginId::parse);
            DistributionHash hash = parsed(table, DISTRIBUTION_HASH, values, DistributionHash::parse);
            if (problems.size() > before) {
                return null;
            }
            return new LockEntry(id, values.get(PACKAGE), values.get(ENTRY_VERSION),
                    values.get(ENTRY_POINT), hash);
        }

        private <T> T parsed(TomlTable table, String key, Map<String, String> values,
                             java.util.function.Function<String, T> parser) {
            String value = values.get(key);
            if (value == null) {
                return null;
            }
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                problem(table.inputPositionOf(List.of(key)), "'" + key + "': " + e.getMessage());
                return null;
            }
        }

        private boolean startsWith(TomlPosition at, String prefix) {
            if (at == null || at.line() < 1 || at.line() > lines.length) {
                return false;
            }
            String line = lines[at.line() - 1];
            int column = at.column() - 1;
            return column >= 0 && line.startsWith(prefix, column);
        }

        private void problem(TomlPosition at, String message) {
            problems.add(at == null ? new LockProblem(1, 1, message)
                    : new LockProblem(at.line(), at.column(), message));
        }
    }
}
