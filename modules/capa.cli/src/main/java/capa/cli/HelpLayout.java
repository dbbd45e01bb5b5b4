package capa.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Lays out every command's help as the reference page does: a {@code Usage:} line, the
 * description, then {@code Arguments:} and {@code Options:} as three columns (name, value,
 * description), for example {@code --plugins-lock  PATH  Path to plugins.lock; ...}.
 * picocli's own layout ({@code --plugins-lock=PATH}) reads differently from the page that
 * operators learn from.
 */
final class HelpLayout {

    private HelpLayout() {
    }

    /** Applies the layout to {@code commandLine} and all its subcommands. */
    static void apply(CommandLine commandLine) {
        List<String> sections = new ArrayList<>(commandLine.getHelpSectionKeys());
        // A command's header is its one-line summary in its parent's command list only.
        sections.remove(UsageMessageSpec.SECTION_KEY_HEADER_HEADING);
        sections.remove(UsageMessageSpec.SECTION_KEY_HEADER);
        commandLine.setHelpSectionKeys(sections);
        commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST_HEADING,
                help -> visible(help.commandSpec().positionalParameters()).isEmpty() ? "" : "%nArguments:%n".formatted());
        commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
                help -> table(visible(help.commandSpec().positionalParameters()), p -> p.paramLabel(), p -> ""));
        commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING,
                help -> visible(help.commandSpec().options()).isEmpty() ? "" : "%nOptions:%n".formatted());
        commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                help -> table(sorted(visible(help.commandSpec().options())),
                        o -> String.join(", ", o.names()),
                        o -> o.typeInfo().isBoolean() ? "" : o.paramLabel()));
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            apply(sub);
        }
    }

    private static <T extends ArgSpec> List<T> visible(List<T> args) {
        return args.stream().filter(a -> !a.hidden()).toList();
    }

    private static List<OptionSpec> sorted(List<OptionSpec> options) {
        // Declared order (picocli's "order"), with --help and --version last.
        List<OptionSpec> result = new ArrayList<>(options.stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp()).toList());
        result.sort((a, b) -> Integer.compare(a.order(), b.order()));
        options.stream().filter(o -> o.usageHelp() || o.versionHelp()).forEach(result::add);
        return result;
    }

    private static <T extends ArgSpec> String table(List<T> rows, Function<T, String> name,
                                                    Function<T, String> value) {
        if (rows.isEmpty()) {
            return "";
        }
        int nameWidth = rows.stream().mapToInt(r -> name.apply(r).length()).max().orElse(0);
        int valueWidth = rows.stream().mapToInt(r -> value.apply(r).length()).max().orElse(0);
        String indent = " ".repeat(2 + nameWidth + 2 + (valueWidth == 0 ? 0 : valueWidth + 2));
        StringBuilder out = new StringBuilder();
        for (T row : rows) {
            StringBuilder line = new StringBuilder("  ").append(pad(name.apply(row), nameWidth)).append("  ");
            if (valueWidth > 0) {
                line.append(pad(value.apply(row), valueWidth)).append("  ");
            }
            String[] description = row.description();
            String required = row instanceof PositionalParamSpec && row.required() ? "  [required]" : "";
            line.append(description.length == 0 ? "" : description[0]).append(description.length <= 1 ? required : "");
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
            for (int i = 1; i < description.length; i++) {
                out.append(indent).append(description[i])
                        .append(i == description.length - 1 ? required : "").append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
