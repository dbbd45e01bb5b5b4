package capa.plugins.lock;

import capa.base.PluginCoordinates;
import capa.base.PluginId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A valid {@code plugins.lock} as both its text and its entries, with where each entry's
 * {@code [[plugins]]} block, keys and values stand in the text: what gating reads
 * ({@link #lockfile()}) and what {@code trust} and {@code untrust} edit come from one reading.
 *
 * <p>Edits change as little text as they can, and keep every byte they do not need to change:
 * <ul>
 *   <li>a refresh ({@link #withEntry} for an id the lock has) replaces, in place, just the values
 *       that changed, each as a TOML basic string; the block's comments (above, between and
 *       after its keys, and at the end of a value's line), its key order, spacing and the
 *       quoting of unchanged values stay;
 *   <li>an append ({@link #withEntry} for a new id) adds a block in capa's own layout at the
 *       end, after a blank line, in the file's line break;
 *   <li>a removal ({@link #without}) takes out the block from its header line to the line break
 *       of its last value, comments between its keys included, and the blank lines directly
 *       above it; comments above the header and after the block stay.
 * </ul>
 * Offsets are indices into {@link #text()}, which holds no byte-order mark.
 */
final class LockDocument {

    /** What the first {@code trust} writes into a new lock. */
    static final String HEADER = "# capa plugins.lock \u2014 trusted procedure plugins."
            + " Pair every change with a journal line.\nversion = 1\n";

    /**
     * One key of an entry and its value.
     *
     * @param key the key, as the schema names it
     * @param keyStart the offset of the key's first character
     * @param valueStart the offset of the value's first character (its opening quote)
     * @param valueEnd the offset just past the value (its closing quote)
     */
    record Field(String key, int keyStart, int valueStart, int valueEnd) {
    }

    /**
     * One {@code [[plugins]]} block.
     *
     * @param entry what it says
     * @param start the offset where its header's line starts
     * @param end the offset just past the line break that ends its last value's line (or the
     *     text's end)
     * @param fields its keys and values, in text order
     */
    record Block(PluginCoordinates entry, int start, int end, List<Field> fields) {
        Block {
            fields = List.copyOf(fields);
        }
    }

    private final String text;
    private final Lockfile lockfile;
    private final List<Block> blocks;

    LockDocument(String text, List<Block> blocks) {
        this.text = text;
        this.blocks = List.copyOf(blocks);
        List<PluginCoordinates> entries = new ArrayList<>(this.blocks.size());
        for (Block block : this.blocks) {
            entries.add(block.entry());
        }
        this.lockfile = new Lockfile(Lockfile.SCHEMA_VERSION, entries);
    }

    String text() {
        return text;
    }

    Lockfile lockfile() {
        return lockfile;
    }

    /** The entries' blocks, in text order. */
    List<Block> blocks() {
        return blocks;
    }

    Optional<Block> block(PluginId id) {
        for (Block block : blocks) {
            if (block.entry().id().equals(id)) {
                return Optional.of(block);
            }
        }
        return Optional.empty();
    }

    /** The text with {@code entry} refreshed in place, or appended when its id is new. */
    String withEntry(PluginCoordinates entry) {
        Optional<Block> existing = block(entry.id());
        return existing.isPresent() ? refreshed(existing.get(), entry) : appended(entry);
    }

    /** The text without the block of {@code id}, or empty when the lock has none. */
    Optional<String> without(PluginId id) {
        Optional<Block> found = block(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        int start = found.get().start();
        while (start > 0) {
            int previous = text.lastIndexOf('\n', start - 2) + 1;
            if (!text.substring(previous, start).isBlank()) {
                break;
            }
            start = previous;
        }
        return Optional.of(text.substring(0, start) + text.substring(found.get().end()));
    }

    private String refreshed(Block block, PluginCoordinates entry) {
        PluginCoordinates old = block.entry();
        StringBuilder out = new StringBuilder(text.length() + 128);
        int copied = 0;
        for (Field field : block.fields()) {
            String value = changed(field.key(), old, entry);
            if (value != null) {
                out.append(text, copied, field.valueStart()).append(TomlText.basicString(value));
                copied = field.valueEnd();
            }
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** The new value of {@code key} when it differs from the old entry's, else {@code null}. */
    private static String changed(String key, PluginCoordinates old, PluginCoordinates entry) {
        return switch (key) {
            case LockfileParser.PACKAGE -> differs(old.packageName(), entry.packageName());
            case LockfileParser.ENTRY_VERSION -> differs(old.version(), entry.version());
            case LockfileParser.ENTRY_POINT -> differs(old.entryPoint(), entry.entryPoint());
            // The same digest in upper-case hex is the same value: keep what the person wrote.
            case LockfileParser.DISTRIBUTION_HASH -> old.hash().equals(entry.hash())
                    ? null : entry.hash().toString();
            default -> null;
        };
    }

    private static String differs(String old, String now) {
        return old.equals(now) ? null : now;
    }

    private String appended(PluginCoordinates entry) {
        String lineBreak = lineBreak();
        StringBuilder out = new StringBuilder(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            out.append(lineBreak);
        }
        if (!text.isEmpty() && !endsWithBlankLine(out)) {
            out.append(lineBreak);
        }
        return out.append(block(entry, lineBreak)).append(lineBreak).toString();
    }

    /** One entry in capa's layout, keys in schema order, without a final line break. */
    static String block(PluginCoordinates entry, String lineBreak) {
        List<String> values = List.of(entry.id().value(), entry.packageName(), entry.version(),
                entry.entryPoint(), entry.hash().toString());
        StringBuilder out = new StringBuilder("[[plugins]]");
        for (int k = 0; k < values.size(); k++) {
            out.append(lineBreak).append(LockfileParser.ENTRY_KEYS.get(k)).append(" = ")
                    .append(TomlText.basicString(values.get(k)));
        }
        return out.toString();
    }

    /** The line break of the text's first line, which every added line uses (see {@link TextConvention}). */
    private String lineBreak() {
        int lineFeed = text.indexOf('\n');
        return lineFeed > 0 && text.charAt(lineFeed - 1) == '\r' ? "\r\n" : "\n";
    }

    private static boolean endsWithBlankLine(CharSequence text) {
        String s = text.toString();
        int lastBreak = s.lastIndexOf('\n', s.length() - 2);
        return s.length() >= 2 && s.substring(lastBreak + 1).isBlank();
    }
}
