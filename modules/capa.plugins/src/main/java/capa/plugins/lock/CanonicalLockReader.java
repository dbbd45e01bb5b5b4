package capa.plugins.lock;

import capa.base.DistributionHash;
import capa.base.PluginId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a valid lock written in the plain form capa itself writes, line by line, without a
 * TOML parser. tomlj (an ANTLR grammar) needs seconds for a lock of a thousand entries, and
 * more than linearly longer for more; this reads one in a few milliseconds.
 *
 * <p>It accepts only a strict subset of TOML, whose meaning is the same under any TOML parser:
 * LF or CRLF line breaks, blank lines, whole-line comments, one {@code version = 1} before the
 * first table, and
 * {@code [[plugins]]} tables holding each of the five keys exactly once as
 * {@code key = "text"} with no escapes and no control characters. Every entry must also pass
 * the schema's checks. Anything else, valid or not, is answered empty, and the caller parses
 * the text with tomlj, which reports problems with their positions.
 */
final class CanonicalLockReader {

    private CanonicalLockReader() {
    }

    static Optional<LockfileParser.Valid> read(String text) {
        String[] lines = text.split("\n", -1);
        boolean versionSeen = false;
        List<LockEntry> entries = new ArrayList<>();
        List<Integer> headerLines = new ArrayList<>();
        Set<PluginId> ids = new HashSet<>();
        Map<String, String> table = null;
        for (int i = 0; i < lines.length; i++) {
            String line = strip(i < lines.length - 1 ? withoutCarriageReturn(lines[i]) : lines[i]);
            if (line.isEmpty()) {
                continue;
            }
            if (hasControlCharacter(line)) {
                return Optional.empty();
            }
            if (line.charAt(0) == '#') {
                continue;
            }
            if (isPluginsHeader(line)) {
                if (table != null && !add(table, entries, ids)) {
                    return Optional.empty();
                }
                table = new HashMap<>();
                headerLines.add(i + 1);
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                return Optional.empty();
            }
            String key = strip(line.substring(0, equals));
            String value = strip(line.substring(equals + 1));
            if (table == null) {
                if (versionSeen || !key.equals(LockfileParser.VERSION) || !value.equals("1")) {
                    return Optional.empty();
                }
                versionSeen = true;
                continue;
            }
            if (!LockfileParser.ENTRY_KEYS.contains(key) || !isPlainString(value)
                    || table.put(key, value.substring(1, value.length() - 1)) != null) {
                return Optional.empty();
            }
        }
        if (!versionSeen || (table != null && !add(table, entries, ids))) {
            return Optional.empty();
        }
        return Optional.of(new LockfileParser.Valid(new Lockfile(Lockfile.SCHEMA_VERSION, entries), headerLines));
    }

    /** Adds the table as an entry when it passes every schema check; false otherwise. */
    private static boolean add(Map<String, String> table, List<LockEntry> entries, Set<PluginId> ids) {
        if (table.size() != LockfileParser.ENTRY_KEYS.size()) {
            return false;
        }
        for (String value : table.values()) {
            if (value.isBlank()) {
                return false;
            }
        }
        LockEntry entry;
        try {
            entry = new LockEntry(PluginId.parse(table.get(LockfileParser.ID)),
                    table.get(LockfileParser.PACKAGE), table.get(LockfileParser.ENTRY_VERSION),
                    table.get(LockfileParser.ENTRY_POINT),
                    DistributionHash.parse(table.get(LockfileParser.DISTRIBUTION_HASH)));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!ids.add(entry.id())) {
            return false;
        }
        entries.add(entry);
        return true;
    }

    private static boolean isPluginsHeader(String line) {
        if (!line.startsWith("[[") || !line.endsWith("]]")) {
            return false;
        }
        return strip(line.substring(2, line.length() - 2)).equals(LockfileParser.PLUGINS);
    }

    /**
     * The line (one that a line feed ended) without the carriage return of a CRLF line break.
     * Any other carriage return stays
     * and, as a control character, sends the text to tomlj.
     */
    private static String withoutCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** {@code "..."} with no quote, backslash or control character inside. */
    private static boolean isPlainString(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return false;
        }
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Control characters, tab included: capa never writes one, so leave them to tomlj. */
    private static boolean hasControlCharacter(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isISOControl(line.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** TOML's whitespace is space and tab only. */
    private static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }
}
