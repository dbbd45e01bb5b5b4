package capa.plugins.lock;

import capa.base.PluginCoordinates;
import capa.base.DistributionHash;
import capa.base.PluginId;
import capa.base.io.Utf8Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/**
 * Reads {@code plugins.lock} text strictly against schema v1 into a {@link LockDocument}, or
 * collects every problem with its position.
 *
 * <p>One reading ({@link LockSyntax}, then the schema check here) serves gating and editing.
 * Only when that reading finds the text wrong does tomlj, a full TOML parser independent of
 * it, read the text too: a TOML syntax error is reported as tomlj words and places it (as it
 * always was), and only text tomlj finds to be valid TOML gets the schema's own problems.
 * tomlj thus confirms every refusal and never decides an acceptance.
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

    /** The outcome of parsing: a valid lock with where its entries start, or its problems. */
    sealed interface Result {
    }

    /** @param document the lock, its entries and where they stand in its text */
    record Valid(LockDocument document) implements Result {
        Lockfile lockfile() {
            return document.lockfile();
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
        List<LockSyntax.Item> items;
        try {
            items = LockSyntax.read(text);
        } catch (LockSyntax.TooDeep tooDeep) {
            return new Invalid(List.of(refused(text, tooDeep)));
        } catch (LockSyntax.Refusal refusal) {
            return explained(text, List.of(refused(text, refusal)));
        }
        SchemaCheck check = new SchemaCheck(text);
        try {
            return check.run(items);
        } catch (LockSyntax.Refusal refusal) {
            return explained(text, List.of(refused(text, refusal)));
        }
    }

    /** The index of an entry's key in {@link #ENTRY_KEYS}, or -1 for any other key. */
    private static int indexOf(String key) {
        return switch (key) {
            case ID -> 0;
            case PACKAGE -> 1;
            case ENTRY_VERSION -> 2;
            case ENTRY_POINT -> 3;
            case DISTRIBUTION_HASH -> 4;
            default -> -1;
        };
    }

    private static boolean hasControlCharacter(String value) {
        for (int k = 0; k < value.length(); k++) {
            if (Character.isISOControl(value.charAt(k))) {
                return true;
            }
        }
        return false;
    }

    private static LockProblem refused(String text, LockSyntax.Refusal refusal) {
        return problemAt(text, refusal.offset(), "not valid TOML for a plugins.lock: " + refusal.getMessage());
    }

    /**
     * The problems of text the strict reading refused: tomlj's syntax errors if it finds any,
     * else {@code own}.
     */
    private static Invalid explained(String text, List<LockProblem> own) {
        TomlParseResult toml;
        try {
            toml = Toml.parse(text);
        } catch (StackOverflowError e) {
            // tomlj's parser recurses once per level of nested arrays and inline tables.
            return new Invalid(List.of(new LockProblem(1, 1, "not valid TOML for a plugins.lock: arrays or"
                    + " tables nested too deeply to read (a plugins.lock nests nothing)")));
        } catch (TomlParseError e) {
            // tomlj throws, rather than lists, an invalid escape in a quoted key.
            return new Invalid(List.of(tomljProblem(e)));
        } catch (RuntimeException | AssertionError e) {
            // tomlj fails outright on some malformed escapes (a \U with seven digits): capa's own
            // problem, already positioned, stands.
            return new Invalid(own);
        }
        if (!toml.hasErrors()) {
            return new Invalid(own);
        }
        List<LockProblem> problems = new ArrayList<>();
        for (TomlParseError error : toml.errors()) {
            problems.add(tomljProblem(error));
        }
        return new Invalid(problems);
    }

    private static LockProblem tomljProblem(TomlParseError error) {
        TomlPosition at = error.position();
        return new LockProblem(at.line(), at.column(), "not valid TOML: " + error.getMessage());
    }

    /** A problem at an offset of {@code text}, as a 1-based line and column. */
    private static LockProblem problemAt(String text, int offset, String message) {
        return problemAt(lineStarts(text), offset, message);
    }

    private static LockProblem problemAt(int[] lineStarts, int offset, String message) {
        int found = Arrays.binarySearch(lineStarts, offset);
        int line = found >= 0 ? found : -found - 2;
        return new LockProblem(line + 1, offset - lineStarts[line] + 1, message);
    }

    /** Where each line of {@code text} starts, in order. */
    private static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int count = 1;
        for (int k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
            }
            starts[count++] = k + 1;
        }
        return Arrays.copyOf(starts, count);
    }

    /**
     * The schema over the items of a text, in one pass: the only tables are the
     * {@code [[plugins]]} entries, and every other key or table is reported where it stands.
     * Where TOML's own rules forbid what the items say (a key defined twice, a table that is
     * also an array), it refuses, and tomlj explains.
     */
    private static final class SchemaCheck {
        private final String text;
        /** Where each line starts, made when the first problem needs a line number. */
        private int[] lineStarts;
        /** Problems in the order tomlj's tree used to yield them, which decides ties of position. */
        private final List<LockProblem> keyProblems = new ArrayList<>();
        private final List<LockProblem> versionProblems = new ArrayList<>();
        private final List<LockProblem> problems = new ArrayList<>();
        /** The problem with each root key or table, at its explicit definition where it has one. */
        private final Map<String, RootProblem> rootProblems = new LinkedHashMap<>();
        /** First segments of the root's keys and tables, and whether each came from a dotted key. */
        private final Map<String, Boolean> rootKeys = new HashMap<>();
        private final Set<String> tables = new HashSet<>();
        private final List<EntryTable> entries = new ArrayList<>();
        private boolean pluginsIsArray;
        private boolean pluginsIsOther;
        /** Before any header, pairs belong to the root; after one, to this entry, or nowhere when null. */
        private boolean atRoot = true;
        private EntryTable current;

        SchemaCheck(String text) {
            this.text = text;
        }

        Result run(List<LockSyntax.Item> items) throws LockSyntax.Refusal {
            // Plain instanceof tests: a type switch links a bootstrap method on its first run,
            // which a command reading one lock pays in full.
            for (LockSyntax.Item item : items) {
                if (item instanceof LockSyntax.Header header) {
                    header(header);
                } else if (atRoot) {
                    rootPair((LockSyntax.Pair) item);
                } else if (current != null) {
                    current.add((LockSyntax.Pair) item);
                }
            }
            if (!rootKeys.containsKey(VERSION)) {
                versionProblems.add(new LockProblem(1, 1, "missing 'version = " + Lockfile.SCHEMA_VERSION
                        + "' (the schema version, before any [[plugins]])"));
            }
            rootProblems.forEach((key, problem) -> (key.equals(VERSION) ? versionProblems
                    : key.equals(PLUGINS) ? problems : keyProblems).add(at(problem.at(), problem.message())));
            List<LockDocument.Block> blocks = new ArrayList<>(entries.size());
            Map<PluginId, Integer> firstHeaderOf = new HashMap<>();
            for (EntryTable entry : entries) {
                LockDocument.Block block = entry.block();
                if (block == null) {
                    continue;
                }
                Integer first = firstHeaderOf.putIfAbsent(block.entry().id(), entry.header.start());
                if (first != null) {
                    problem(entry.keyStart(ID), "duplicate id '" + block.entry().id() + "' (first entry at line "
                            + at(first, "").line() + "); ids must be unique");
                    continue;
                }
                blocks.add(block);
            }
            List<LockProblem> all = new ArrayList<>(keyProblems);
            all.addAll(versionProblems);
            all.addAll(problems);
            return all.isEmpty() ? new Valid(new LockDocument(text, blocks)) : explained(text, all);
        }

        private void rootPair(LockSyntax.Pair pair) throws LockSyntax.Refusal {
            LockSyntax.Key key = pair.key();
            if (!defineAtRoot(key.first(), key.dotted(), key.start())) {
                return;
            }
            LockSyntax.Value value = pair.value();
            switch (key.first()) {
                case VERSION -> {
                    if (key.dotted() || value.kind() != LockSyntax.Kind.INTEGER) {
                        rootProblem(VERSION, key.start(), true, "'version' must be the integer " + Lockfile.SCHEMA_VERSION);
                    } else if (value.integer() > Lockfile.SCHEMA_VERSION) {
                        rootProblem(VERSION, key.start(), true, "schema version " + value.integer() + " was written by a newer"
                                + " capa; this capa understands schema version " + Lockfile.SCHEMA_VERSION
                                + " only: upgrade capa to use this lock");
                    } else if (value.integer() < Lockfile.SCHEMA_VERSION) {
                        rootProblem(VERSION, key.start(), true, "unknown schema version " + value.integer()
                                + "; this capa understands schema version " + Lockfile.SCHEMA_VERSION);
                    }
                }
                case PLUGINS -> {
                    pluginsIsOther = true;
                    if (!key.dotted() && value.kind() == LockSyntax.Kind.ARRAY && value.elements().stream()
                            .allMatch(e -> e.kind() == LockSyntax.Kind.INLINE_TABLE)) {
                        // Inline tables cannot be edited in place without rewriting their neighbours.
                        value.elements().forEach(e -> problem(e.start(),
                                "write each entry as its own [[plugins]] table, not inline"));
                    } else {
                        notAList(key.start(), true);
                    }
                }
                default -> unknownRootKey(key.first(), key.start(), true);
            }
        }

        /**
         * Records a root key; false when a dotted key extends one already reported. Refuses a
         * key TOML forbids: one defined twice.
         */
        private boolean defineAtRoot(String first, boolean dotted, int at) throws LockSyntax.Refusal {
            Boolean earlierDotted = rootKeys.putIfAbsent(first, dotted);
            if (earlierDotted == null) {
                return true;
            }
            if (earlierDotted && dotted) {
                return false;
            }
            throw new LockSyntax.Refusal(at, "'" + first + "' is defined twice");
        }

        private void header(LockSyntax.Header header) throws LockSyntax.Refusal {
            atRoot = false;
            current = null;
            LockSyntax.Key key = header.key();
            List<String> path = key.path();
            if (path.getFirst().equals(PLUGINS)) {
                pluginsHeader(header);
                return;
            }
            String joined = String.join(".", path);
            if (!header.array() && !tables.add(joined)) {
                throw new LockSyntax.Refusal(header.start(), "table [" + joined + "] is defined twice");
            }
            Boolean earlier = rootKeys.putIfAbsent(path.getFirst(), true);
            if (earlier != null && !earlier) {
                throw new LockSyntax.Refusal(header.start(), "'" + path.getFirst() + "' is defined twice");
            }
            boolean explicit = path.size() == 1;
            if (path.getFirst().equals(VERSION)) {
                rootProblem(VERSION, header.start(), explicit, "'version' must be the integer " + Lockfile.SCHEMA_VERSION);
            } else {
                unknownRootKey(path.getFirst(), header.start(), explicit);
            }
        }

        private void pluginsHeader(LockSyntax.Header header) throws LockSyntax.Refusal {
            List<String> path = header.key().path();
            if (path.size() == 1 && header.array()) {
                if (pluginsIsOther) {
                    throw new LockSyntax.Refusal(header.start(), "'plugins' is defined twice");
                }
                pluginsIsArray = true;
                rootKeys.putIfAbsent(PLUGINS, false);
                current = new EntryTable(header);
                entries.add(current);
                return;
            }
            if (path.size() == 1 && pluginsIsArray) {
                throw new LockSyntax.Refusal(header.start(), "'plugins' is defined twice");
            }
            if (path.size() > 1 && pluginsIsArray) {
                // A table inside the last entry: a key an entry cannot have.
                entries.getLast().subTable(path.get(1), header.start());
                return;
            }
            if (rootKeys.containsKey(PLUGINS) && !rootKeys.get(PLUGINS)) {
                throw new LockSyntax.Refusal(header.start(), "'plugins' is defined twice");
            }
            rootKeys.put(PLUGINS, true);
            pluginsIsOther = true;
            notAList(header.start(), path.size() == 1);
        }

        private void notAList(int at, boolean explicit) {
            rootProblem(PLUGINS, at, explicit, "'plugins' must be a list of [[plugins]] tables");
        }

        private void unknownRootKey(String key, int at, boolean explicit) {
            rootProblem(key, at, explicit, "unknown key '" + key + "': plugins.lock has only 'version' and"
                    + " '[[plugins]]' entries");
        }

        /**
         * One problem per root key, where it is defined: a table made implicitly by
         * {@code [a.b]} is defined where a later {@code [a]} names it.
         */
        private void rootProblem(String key, int at, boolean explicit, String message) {
            RootProblem earlier = rootProblems.get(key);
            if (earlier == null || (explicit && !earlier.explicit())) {
                rootProblems.put(key, new RootProblem(at, explicit, message));
            }
        }

        private record RootProblem(int at, boolean explicit, String message) {
        }

        private void problem(int offset, String message) {
            problems.add(at(offset, message));
        }

        private LockProblem at(int offset, String message) {
            lineStarts = lineStarts == null ? lineStarts(text) : lineStarts;
            return problemAt(lineStarts, offset, message);
        }

        /**
         * One {@code [[plugins]]} table as its pairs come. The five keys an entry may have are
         * kept in arrays by their index in {@link #ENTRY_KEYS}: a lock of a thousand entries
         * would otherwise build three thousand small maps, which a command's cold start feels.
         */
        private final class EntryTable {
            private static final byte PLAIN = 1;
            private static final byte DOTTED = 2;

            private final LockSyntax.Header header;
            private final LockSyntax.Pair[] pairs = new LockSyntax.Pair[ENTRY_KEYS.size()];
            /** The entry's pairs of the five keys, in text order. */
            private final List<LockSyntax.Pair> inOrder = new ArrayList<>(ENTRY_KEYS.size());
            /** How each of the five keys was defined: not yet (0), {@link #PLAIN} or {@link #DOTTED}. */
            private final byte[] defined = new byte[ENTRY_KEYS.size()];
            /** The same for any other key, which makes the entry invalid; made when one comes. */
            private Map<String, Boolean> otherKeys;
            private Set<String> reportedKeys;
            private int end;
            private boolean broken;

            EntryTable(LockSyntax.Header header) {
                this.header = header;
            }

            void add(LockSyntax.Pair pair) throws LockSyntax.Refusal {
                LockSyntax.Key key = pair.key();
                end = pair.lineEnd();
                int index = indexOf(key.first());
                if (!define(key.first(), index, key.dotted(), key.start())) {
                    return;
                }
                if (index < 0) {
                    unknownKey(key.first(), key.start());
                } else if (key.dotted()) {
                    mustBeAString(key.first(), key.start());
                } else {
                    pairs[index] = pair;
                    inOrder.add(pair);
                }
            }

            void subTable(String key, int at) throws LockSyntax.Refusal {
                int index = indexOf(key);
                if (!define(key, index, true, at)) {
                    return;
                }
                if (index < 0) {
                    unknownKey(key, at);
                } else {
                    mustBeAString(key, at);
                }
            }

            /**
             * Records a key; false when a dotted key or table extends one already reported.
             * Refuses a key TOML forbids: one defined twice.
             */
            private boolean define(String key, int index, boolean dotted, int at) throws LockSyntax.Refusal {
                Boolean earlierDotted;
                if (index >= 0) {
                    earlierDotted = defined[index] == 0 ? null : defined[index] == DOTTED;
                    if (earlierDotted == null) {
                        defined[index] = dotted ? DOTTED : PLAIN;
                    }
                } else {
                    otherKeys = otherKeys == null ? new HashMap<>() : otherKeys;
                    earlierDotted = otherKeys.putIfAbsent(key, dotted);
                }
                if (earlierDotted == null) {
                    return true;
                }
                if (earlierDotted && dotted) {
                    return false;
                }
                throw new LockSyntax.Refusal(at, "'" + key + "' is defined twice");
            }

            private void unknownKey(String key, int at) {
                broken = true;
                if (reported(key)) {
                    problem(at, "unknown key '" + key + "' in [[plugins]]: an entry has exactly id, package,"
                            + " version, entry_point and distribution_hash");
                }
            }

            private void mustBeAString(String key, int at) {
                broken = true;
                if (reported(key)) {
                    problem(at, "'" + key + "' must be a string");
                }
            }

            /** True the first time a key is reported. */
            private boolean reported(String key) {
                reportedKeys = reportedKeys == null ? new HashSet<>() : reportedKeys;
                return reportedKeys.add(key);
            }

            int keyStart(String key) {
                return pairs[indexOf(key)].key().start();
            }

            /** The entry's block when the entry passes every check; else null, its problems recorded. */
            LockDocument.Block block() {
                String[] values = new String[ENTRY_KEYS.size()];
                for (int k = 0; k < values.length; k++) {
                    String key = ENTRY_KEYS.get(k);
                    LockSyntax.Pair pair = pairs[k];
                    if (pair == null) {
                        if (defined[k] == 0) {
                            broken = true;
                            problem(header.start(), "[[plugins]] entry is missing '" + key + "'");
                        }
                        continue;
                    }
                    int at = pair.key().start();
                    LockSyntax.Value value = pair.value();
                    if (value.kind() != LockSyntax.Kind.STRING) {
                        mustBeAString(key, at);
                    } else if (value.string().isBlank()) {
                        broken = true;
                        problem(at, "'" + key + "' must not be empty");
                    } else if (!value.plain() && hasControlCharacter(value.string())) {
                        broken = true;
                        problem(at, "'" + key + "' must not contain control characters");
                    } else {
                        values[k] = value.string();
                    }
                }
                PluginId id = null;
                DistributionHash hash = null;
                try {
                    id = values[0] == null ? null : PluginId.parse(values[0]);
                } catch (IllegalArgumentException e) {
                    invalid(0, e);
                }
                try {
                    hash = values[4] == null ? null : DistributionHash.parse(values[4]);
                } catch (IllegalArgumentException e) {
                    invalid(4, e);
                }
                if (broken) {
                    return null;
                }
                List<LockDocument.Field> fields = new ArrayList<>(inOrder.size());
                for (LockSyntax.Pair pair : inOrder) {
                    fields.add(new LockDocument.Field(pair.key().first(), pair.key().start(),
                            pair.value().start(), pair.value().end()));
                }
                PluginCoordinates entry = new PluginCoordinates(id, values[1], values[2], values[3], hash);
                return new LockDocument.Block(entry, header.lineStart(), end, fields);
            }

            private void invalid(int index, IllegalArgumentException e) {
                broken = true;
                problem(pairs[index].key().start(), "'" + ENTRY_KEYS.get(index) + "': " + e.getMessage());
            }
        }
    }
}
