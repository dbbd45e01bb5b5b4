package capa.plugins.metadata;

import capa.plugins.jar.JarText;
import java.util.Optional;
import java.util.Set;

/**
 * Module, package and class names as the JDK checks them ({@code jdk.internal.module.Checks}):
 * dot-separated Java identifiers, none a keyword or literal. When a name is refused, the reason
 * says which part is wrong and how to fix it.
 */
final class JavaNames {

    private static final Set<String> RESERVED = Set.of("abstract", "assert", "boolean", "break",
            "byte", "case", "catch", "char", "class", "const", "continue", "default", "do", "double",
            "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if", "implements",
            "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
            "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while",
            "true", "false", "null", "_");

    private JavaNames() {
    }

    /** Whether {@code name} is a legal module, package or qualified class name. */
    static boolean isQualified(String name) {
        return whyNotQualified(name).isEmpty();
    }

    /**
     * Why {@code name} is no legal qualified name, naming the part at fault and the fix
     * ({@code "'amn-probe' holds a hyphen: use dots, not hyphens"}), or empty when it is legal.
     */
    static Optional<String> whyNotQualified(String name) {
        if (name.isEmpty()) {
            return Optional.of("it is empty");
        }
        int start = 0;
        while (true) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            Optional<String> problem = whyNotIdentifier(name.substring(start, end));
            if (problem.isPresent()) {
                return problem;
            }
            if (dot < 0) {
                return Optional.empty();
            }
            start = dot + 1;
        }
    }

    private static Optional<String> whyNotIdentifier(String part) {
        if (part.isEmpty()) {
            return Optional.of("it has an empty part: no leading, trailing or doubled dots");
        }
        String shown = "'" + JarText.printable(part, 80) + "'";
        if (RESERVED.contains(part)) {
            return Optional.of(shown + " is a Java keyword: use another word");
        }
        int first = part.codePointAt(0);
        if (!Character.isJavaIdentifierStart(first)) {
            return Optional.of(Character.isDigit(first)
                    ? shown + " starts with a digit: each part must start with a letter"
                    : shown + " starts with " + character(first) + ": each part must start with a letter");
        }
        for (int at = Character.charCount(first); at < part.length(); ) {
            int c = part.codePointAt(at);
            if (!Character.isJavaIdentifierPart(c)) {
                return Optional.of(c == '-'
                        ? shown + " holds a hyphen: use dots, not hyphens"
                        : shown + " holds " + character(c) + ", which a Java identifier cannot");
            }
            at += Character.charCount(c);
        }
        return Optional.empty();
    }

    private static String character(int c) {
        return c > ' ' && c < 0x7f ? "'" + (char) c + "'" : String.format("U+%04X", c);
    }
}
