package capa.plugins.lock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Lock texts for randomised tests: valid locks in every layout TOML allows a person to write
 * (comments and blank lines anywhere, odd spacing and key order, quoted keys, every kind of
 * string, escapes, trailing comments, CRLF), and the same texts mutated into near-misses.
 */
final class LockTexts {

    private static final String[] MUTATION_CHARS = {"[", "]", "{", "}", "\"", "'", "#", "=", "\n", "\r",
        "\r\n", "\t", " ", ".", ",", "\\", "1", "x", "\u00e9", "\u0000", "\u007f", "\uFEFF", "\"\"\"", "'''",
        "\\u0041", "\\n", "-", "+", ":", "_"};

    private static final String[] MUTATION_LINES = {"[plugins]", "[[plugins]]", "plugins = []", "x = 1",
        "version = 2", "version = 1", "[plugins.x]", "[[plugins.x]]", "id = \"capa.contrib.z\"", "id.x = 1",
        "a.b = 1", "a.c = 2", "[foo]", "[foo.bar]", "[[foo]]", "plugins = [{id = \"a\"}]", "plugins = 3",
        "version = 1979-05-27", "x = [1, [2, {a = 1}]]", "x = 1.5e3", "x = true", "x = 07:32:00",
        "version.x = 1", "\"\"\"", "package = \"\"", "package = \"a\\tb\"", "entry_point = 'm/m.B'",
        "distribution_hash = \"sha256:abc\"", "[version]", "x = { a = 1, b = [1,2] }", "x = \"\\uD800\"",
        "x = 1_000", "x = 0x_1", "x = 01", "x = inf", "x = [\n1,\n]", "[[ plugins ]] # c", "x = \"\"\"\na\\\n  b\"\"\""};

    private final Random random;

    LockTexts(Random random) {
        this.random = random;
    }

    /** A valid lock of {@code entries} entries with distinct ids, laid out at random. */
    String validLock(int entries) {
        StringBuilder out = new StringBuilder();
        String lineBreak = random.nextInt(4) == 0 ? "\r\n" : "\n";
        filler(out, lineBreak);
        out.append(pick("version = 1", "version=1", "version   =   1   # schema", "\"version\" = 1",
                "'version' = +1", "version = 0x1", "\tversion = 0b1", "version = 0o1")).append(lineBreak);
        for (int e = 0; e < entries; e++) {
            filler(out, lineBreak);
            entry(out, "capa.contrib.p" + e, lineBreak);
        }
        filler(out, lineBreak);
        if (random.nextInt(5) == 0 && out.length() > 0) {
            // no final line break
            out.setLength(out.length() - lineBreak.length());
        }
        return out.toString();
    }

    private void entry(StringBuilder out, String id, String lineBreak) {
        out.append(pick("[[plugins]]", "[[ plugins ]]", "  [[plugins]]", "[[\"plugins\"]]", "[['plugins']]",
                "[[plugins]] # a comment", "[[\tplugins\t]]")).append(lineBreak);
        List<String[]> pairs = new ArrayList<>(List.of(
                new String[] {"id", id},
                new String[] {"package", pick("capa.contrib", "lab.x", "a b", "caf\u00e9", "q\"uote")},
                new String[] {"version", pick("1.0.0", "0.3.1", "unversioned", "2.0 (1)", "# not a comment")},
                new String[] {"entry_point", pick("capa.contrib/capa.contrib.A", "m/m.B", "m/m.C$D")},
                new String[] {"distribution_hash", hash()}));
        if (random.nextBoolean()) {
            Collections.shuffle(pairs, random);
        }
        for (String[] pair : pairs) {
            if (random.nextInt(6) == 0) {
                out.append(pick("# a note inside the block", "", "   ", "#")).append(lineBreak);
            }
            out.append(pick("", "", "", "  ", "\t")).append(key(pair[0])).append(pick(" = ", "=", "  =  ", "\t=\t"))
                    .append(string(pair[1])).append(pick("", "", "", " # pinned", "\t#c", " ")).append(lineBreak);
        }
    }

    private String hash() {
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        String hex = HexFormat.of().formatHex(digest);
        return "sha256:" + (random.nextInt(8) == 0 ? hex.toUpperCase() : hex);
    }

    private String key(String key) {
        return switch (random.nextInt(8)) {
            case 0 -> "\"" + key + "\"";
            case 1 -> "'" + key + "'";
            default -> key;
        };
    }

    /** {@code value} written as one of TOML's strings. */
    private String string(String value) {
        boolean plain = value.indexOf('"') < 0 && value.indexOf('\'') < 0 && value.indexOf('\\') < 0;
        return switch (random.nextInt(plain ? 8 : 3)) {
            case 0 -> TomlText.basicString(value);
            case 1 -> "\"" + escapedAll(value) + "\"";
            case 2 -> "\"\"\"" + pick("", "\n") + escapedAll(value) + "\"\"\"";
            case 3 -> "'" + value + "'";
            case 4 -> "'''" + pick("", "\n") + value + "'''";
            case 5 -> value.length() > 2 ? "\"\"\"" + value.substring(0, 2) + "\\\n    " + value.substring(2)
                    + "\"\"\"" : "\"" + value + "\"";
            default -> "\"" + value + "\"";
        };
    }

    /** Some characters as escapes: a reader must decode them. */
    private String escapedAll(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (random.nextInt(6) == 0) {
                out.append(random.nextBoolean() ? String.format("\\u%04X", c) : String.format("\\U%08x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private void filler(StringBuilder out, String lineBreak) {
        int lines = random.nextInt(3);
        for (int k = 0; k < lines; k++) {
            out.append(pick("", "# comment", "  # indented comment \u00e9", "\t", "#")).append(lineBreak);
        }
    }

    /** {@code text} after one to three random edits of characters or lines. */
    String mutated(String text) {
        String out = text;
        int edits = 1 + random.nextInt(3);
        for (int k = 0; k < edits; k++) {
            out = mutate(out);
        }
        return out;
    }

    private String mutate(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int at = text.isEmpty() ? 0 : random.nextInt(text.length());
        return switch (random.nextInt(7)) {
            case 0 -> text.isEmpty() ? text : text.substring(0, at) + text.substring(at + 1);
            case 1 -> text.substring(0, at) + pick(MUTATION_CHARS) + text.substring(at);
            case 2 -> text.isEmpty() ? text : text.substring(0, at) + pick(MUTATION_CHARS) + text.substring(at + 1);
            case 3 -> {
                int line = random.nextInt(lines.size());
                lines.add(line, lines.get(line));
                yield String.join("\n", lines);
            }
            case 4 -> {
                lines.remove(random.nextInt(lines.size()));
                yield String.join("\n", lines);
            }
            case 5 -> {
                Collections.swap(lines, random.nextInt(lines.size()), random.nextInt(lines.size()));
                yield String.join("\n", lines);
            }
            default -> {
                lines.add(random.nextInt(lines.size() + 1), pick(MUTATION_LINES));
                yield String.join("\n", lines);
            }
        };
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
