package capa.plugins.lock;

import capa.base.PluginId;
import java.util.List;

/**
 * Edits {@code plugins.lock} as text so that everything a person wrote stays: a refresh
 * replaces exactly the target {@code [[plugins]]} block, an append adds a block at the end, a
 * removal takes out the block (and the blank lines that separated it from what is above). Every
 * other byte (comments, blank lines, spacing, key order, other entries) is kept.
 *
 * <p>A block runs from its header line to the end of the line holding its last value. Comments
 * and blank lines after that belong to whatever comes next, so they are never touched; a
 * comment between a block's own keys is part of the block and is replaced with it.
 */
final class LockfileEditor {

    /** What the first {@code trust} writes into a new lock. */
    static final String HEADER = "# capa plugins.lock \u2014 trusted procedure plugins."
            + " Pair every change with a journal line.\nversion = 1\n";

    private LockfileEditor() {
    }

    /** The text with {@code entry} refreshed in place, or appended when its id is new. */
    static String upsert(String text, LockfileParser.Valid parsed, LockEntry entry) {
        String newline = newlineOf(text);
        String block = block(entry, newline);
        int index = indexOf(parsed, entry.id());
        if (index >= 0) {
            int start = headerStart(text, parsed, index);
            int end = blockEnd(text, parsed, index);
            return text.substring(0, start) + block + text.substring(end);
        }
        StringBuilder out = new StringBuilder(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            out.append(newline);
        }
        if (!text.isEmpty() && !endsWithBlankLine(out)) {
            out.append(newline);
        }
        return out.append(block).append(newline).toString();
    }

    /**
     * The text without the entry for {@code id}, or {@code null} when the lock has none.
     */
    static String remove(String text, LockfileParser.Valid parsed, PluginId id) {
        int index = indexOf(parsed, id);
        if (index < 0) {
            return null;
        }
        int start = headerStart(text, parsed, index);
        while (start > 0) {
            int previous = text.lastIndexOf('\n', start - 2) + 1;
            if (!text.substring(previous, start).isBlank()) {
                break;
            }
            start = previous;
        }
        int end = blockEnd(text, parsed, index);
        int lineBreak = text.indexOf('\n', end);
        end = lineBreak < 0 ? text.length() : lineBreak + 1;
        return text.substring(0, start) + text.substring(end);
    }

    /** One entry in the design's layout, keys in schema order, without a final line break. */
    static String block(LockEntry entry, String newline) {
        List<String> values = List.of(entry.id().value(), entry.packageName(), entry.version(),
                entry.entryPoint(), entry.distributionHash().toString());
        StringBuilder out = new StringBuilder("[[plugins]]");
        for (int i = 0; i < values.size(); i++) {
            out.append(newline).append(LockfileParser.ENTRY_KEYS.get(i)).append(" = ")
                    .append(TomlText.basicString(values.get(i)));
        }
        return out.toString();
    }

    private static int indexOf(LockfileParser.Valid parsed, PluginId id) {
        List<LockEntry> entries = parsed.lockfile().entries();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static int headerStart(String text, LockfileParser.Valid parsed, int index) {
        return lineStart(text, parsed.headerLines().get(index));
    }

    /** Just past the block's last value (and any comment on that line), before its line break. */
    private static int blockEnd(String text, LockfileParser.Valid parsed, int index) {
        List<Integer> headers = parsed.headerLines();
        int start = lineStart(text, headers.get(index));
        int limit = index + 1 < headers.size() ? lineStart(text, headers.get(index + 1)) : text.length();
        int content = TomlText.endOfContent(text, start, limit);
        int lineBreak = text.indexOf('\n', content);
        if (lineBreak < 0 || lineBreak > limit) {
            return limit;
        }
        return lineBreak > 0 && text.charAt(lineBreak - 1) == '\r' ? lineBreak - 1 : lineBreak;
    }

    /** The offset where the 1-based {@code line} starts. */
    private static int lineStart(String text, int line) {
        int offset = 0;
        for (int n = 1; n < line; n++) {
            offset = text.indexOf('\n', offset) + 1;
        }
        return offset;
    }

    /** The line break of the text's first line, which every added line uses (see {@link TextConvention}). */
    private static String newlineOf(String text) {
        int lineFeed = text.indexOf('\n');
        return lineFeed > 0 && text.charAt(lineFeed - 1) == '\r' ? "\r\n" : "\n";
    }

    private static boolean endsWithBlankLine(CharSequence text) {
        String s = text.toString();
        int lastBreak = s.lastIndexOf('\n', s.length() - 2);
        return s.length() >= 2 && s.substring(lastBreak + 1).isBlank();
    }
}
