package capa.plugins.lock;

import capa.base.PluginCoordinates;
import capa.base.PluginId;
import capa.base.DistributionHash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * The oracle: schema v1 read from tomlj's tree, written from the schema's text alone and sharing
 * no code with capa's reader. Entries only, no messages: a test compares what is accepted.
 */
final class TomljLock {

    private TomljLock() {
    }

    /** The entries tomlj's reading of {@code text} gives under schema v1, or empty when it refuses. */
    static Optional<List<PluginCoordinates>> entries(String text) {
        TomlParseResult toml;
        try {
            toml = Toml.parse(text);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            // tomlj fails outright on some malformed escapes: a refusal all the same.
            return Optional.empty();
        }
        if (toml.hasErrors() || !Set.of("version", "plugins").containsAll(toml.keySet())
                || !(toml.get(List.of("version")) instanceof Long version) || version != 1) {
            return Optional.empty();
        }
        if (!toml.contains(List.of("plugins"))) {
            return Optional.of(List.of());
        }
        if (!(toml.get(List.of("plugins")) instanceof TomlArray array)) {
            return Optional.empty();
        }
        String[] lines = text.split("\n", -1);
        List<PluginCoordinates> entries = new ArrayList<>();
        Set<PluginId> ids = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            TomlPosition at = array.inputPositionOf(i);
            if (!(array.get(i) instanceof TomlTable table) || !lines[at.line() - 1].startsWith("[[", at.column() - 1)
                    || !table.keySet().equals(Set.copyOf(LockfileParser.ENTRY_KEYS))) {
                return Optional.empty();
            }
            List<String> values = new ArrayList<>();
            for (String key : LockfileParser.ENTRY_KEYS) {
                if (!(table.get(List.of(key)) instanceof String value) || value.isBlank()
                        || value.chars().anyMatch(Character::isISOControl)) {
                    return Optional.empty();
                }
                values.add(value);
            }
            try {
                PluginCoordinates entry = new PluginCoordinates(PluginId.parse(values.get(0)), values.get(1), values.get(2),
                        values.get(3), DistributionHash.parse(values.get(4)));
                if (!ids.add(entry.id())) {
                    return Optional.empty();
                }
                entries.add(entry);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(entries);
    }

    /** The string a TOML value's text means, read by tomlj. */
    static String string(String valueText) {
        TomlParseResult toml = Toml.parse("v = " + valueText);
        if (toml.hasErrors()) {
            throw new AssertionError("not a TOML value: " + valueText + ": " + toml.errors());
        }
        return toml.getString("v");
    }
}
