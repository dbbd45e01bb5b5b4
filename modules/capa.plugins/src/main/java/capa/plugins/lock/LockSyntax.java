package capa.plugins.lock;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The TOML 1.0 syntax of {@code plugins.lock}, read in one pass into the items of the text
 * with the offset of every key, value, header and line, so that a lock can be both checked and
 * edited from one reading.
 *
 * <p>It reads the whole of TOML's line syntax (comments, LF and CRLF line breaks, bare, quoted
 * and dotted keys, {@code [table]} and {@code [[array]]} headers) and every kind of value,
 * decoding strings (basic, literal, multi-line, every escape) and integers exactly, since a
 * valid lock consists of nothing else. Other values (floats, booleans, date-times, arrays,
 * inline tables) are read for their extent and kind: any of them makes a lock invalid, so
 * their fine print only decides which message an operator sees. What it cannot read it
 * refuses at an offset; {@link LockfileParser} then lets a full TOML parser explain.
 *
 * <p>Which table a key lands in (TOML's table semantics) is left to the schema check, which
 * knows the only shape a lock may have.
 */
final class LockSyntax {

    /** Arrays and inline tables nested deeper than this are refused: a lock nests nothing. */
    static final int MAX_DEPTH = 64;

    /** What a line of a lock holds: a key/value pair or a table header. */
    sealed interface Item permits Pair, Header {
    }

    /**
     * A key, possibly dotted.
     *
     * @param path its segments, decoded (a quoted segment without its quotes)
     * @param start the offset of its first character
     */
    record Key(List<String> path, int start) {
        Key {
            path = List.copyOf(path);
        }

        String first() {
            return path.getFirst();
        }

        boolean dotted() {
            return path.size() > 1;
        }
    }

    /** The kinds of TOML value. */
    enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, DATE_TIME, ARRAY, INLINE_TABLE }

    /**
     * One value.
     *
     * @param kind its kind
     * @param start the offset of its first character
     * @param end the offset just past its last character (a string's closing quotes included)
     * @param string the decoded text of a {@link Kind#STRING}, else {@code null}
     * @param integer the value of an {@link Kind#INTEGER}, else 0
     * @param elements the elements of an {@link Kind#ARRAY}, else empty
     * @param plain whether it is a basic string written without escapes, tabs or C1 controls,
     *     so known to hold no control character without looking again
     */
    record Value(Kind kind, int start, int end, String string, long integer, List<Value> elements, boolean plain) {
        Value {
            elements = List.copyOf(elements);
        }
    }

    /**
     * {@code key = value} on a line of its own.
     *
     * @param lineEnd the offset just past the line break that ends the value's line (its
     *     trailing comment included), or the text's length on the last line
     */
    record Pair(Key key, Value value, int lineEnd) implements Item {
    }

    /**
     * {@code [key]} or {@code [[key]]}.
     *
     * @param array whether it is an array-of-tables header {@code [[…]]}
     * @param start the offset of its first bracket
     * @param lineStart the offset where its line starts
     */
    record Header(boolean array, Key key, int start, int lineStart) implements Item {
    }

    /** Text that is not TOML as this reader reads it, at an offset. */
    static sealed class Refusal extends Exception permits TooDeep {
        private static final long serialVersionUID = 1L;

        private final int offset;

        Refusal(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }

        int offset() {
            return offset;
        }
    }

    /**
     * Arrays or inline tables nested deeper than {@link #MAX_DEPTH}, at the first bracket beyond
     * it: a refusal of capa's own, which no other parser is asked to confirm (tomlj's would
     * overflow its stack).
     */
    static final class TooDeep extends Refusal {
        private static final long serialVersionUID = 1L;

        TooDeep(int offset) {
            super(offset, "arrays or tables nested too deeply to read: more than " + MAX_DEPTH
                    + " levels (a plugins.lock nests nothing)");
        }
    }

    private final String text;
    /** The text's characters: indexing an array costs a command's cold start less than charAt. */
    private final char[] chars;
    private final int n;
    private int i;

    private LockSyntax(String text) {
        this.text = text;
        this.chars = text.toCharArray();
        this.n = chars.length;
    }

    /** The items of {@code text} (which holds no byte-order mark), in text order. */
    static List<Item> read(String text) throws Refusal {
        return new LockSyntax(text).items();
    }

    private List<Item> items() throws Refusal {
        List<Item> items = new ArrayList<>();
        while (true) {
            int lineStart = i;
            skipWhitespace();
            if (i >= n) {
                return items;
            }
            char c = chars[i];
            if (c == '#' || c == '\n' || c == '\r') {
                endOfLine();
                continue;
            }
            if (c == '[') {
                items.add(header(lineStart));
            } else {
                Key key = key();
                skipWhitespace();
                expect('=', "expected '=' after a key");
                skipWhitespace();
                Value value = value(0);
                endOfLine();
                items.add(new Pair(key, value, i));
            }
        }
    }

    private Header header(int lineStart) throws Refusal {
        int start = i;
        boolean array = at(i, "[[");
        i += array ? 2 : 1;
        skipWhitespace();
        Key key = key();
        skipWhitespace();
        if (array ? !at(i, "]]") : !at(i, "]")) {
            throw new Refusal(i, array ? "expected ]] to end the table header" : "expected ] to end the table header");
        }
        i += array ? 2 : 1;
        endOfLine();
        return new Header(array, key, start, lineStart);
    }

    /** Past optional whitespace, an optional comment and the line break (or to the end). */
    private void endOfLine() throws Refusal {
        skipWhitespace();
        if (i < n && chars[i] == '#') {
            comment();
        }
        if (i >= n) {
            return;
        }
        if (chars[i] == '\n') {
            i++;
        } else if (at(i, "\r\n")) {
            i += 2;
        } else {
            throw new Refusal(i, "unexpected " + describe(i) + ", expected the end of the line");
        }
    }

    private void comment() throws Refusal {
        for (i++; i < n; i++) {
            char c = chars[i];
            if (c >= 0x20 && c != 0x7f) {
                continue;
            }
            if (c == '\n' || (c == '\r' && at(i, "\r\n"))) {
                return;
            }
            if (isControl(c)) {
                throw new Refusal(i, "unexpected " + describe(i) + " in a comment");
            }
        }
    }

    private Key key() throws Refusal {
        int start = i;
        String first = simpleKey();
        List<String> path = null;
        while (true) {
            int afterSegment = i;
            skipWhitespace();
            if (i < n && chars[i] == '.') {
                i++;
                skipWhitespace();
                if (path == null) {
                    path = new ArrayList<>();
                    path.add(first);
                }
                path.add(simpleKey());
            } else {
                i = afterSegment;
                return new Key(path == null ? List.of(first) : path, start);
            }
        }
    }

    private String simpleKey() throws Refusal {
        if (i < n && chars[i] == '"') {
            if (at(i, "\"\"\"")) {
                throw new Refusal(i, "a key cannot be a multi-line string");
            }
            return basicString();
        }
        if (i < n && chars[i] == '\'') {
            if (at(i, "'''")) {
                throw new Refusal(i, "a key cannot be a multi-line string");
            }
            return literalString();
        }
        int start = i;
        while (i < n && isBareKeyChar(chars[i])) {
            i++;
        }
        if (i == start) {
            throw new Refusal(i, "unexpected " + describe(i) + ", expected a key");
        }
        return text.substring(start, i);
    }

    private Value value(int depth) throws Refusal {
        if (depth >= MAX_DEPTH && i < n && (chars[i] == '[' || chars[i] == '{')) {
            // depth counts the arrays and tables around this value: this bracket opens one more.
            throw new TooDeep(i);
        }
        int start = i;
        if (i >= n) {
            throw new Refusal(i, "expected a value");
        }
        char c = chars[i];
        if (c == '"' || c == '\'') {
            boolean multiLine = at(i, c == '"' ? "\"\"\"" : "'''");
            if (c == '"' && !multiLine) {
                int plainEnd = plainRun(i + 1);
                if (plainEnd < n && chars[plainEnd] == '"') {
                    // Nearly every value: no escape, nothing to decode.
                    i = plainEnd + 1;
                    return new Value(Kind.STRING, start, i, text.substring(start + 1, plainEnd), 0, List.of(), true);
                }
            }
            String string = c == '"' ? (multiLine ? multiLineBasicString() : basicString())
                    : (multiLine ? multiLineLiteralString() : literalString());
            return new Value(Kind.STRING, start, i, string, 0, List.of(), false);
        }
        if (c == '[') {
            return array(depth);
        }
        if (c == '{') {
            return inlineTable(depth);
        }
        return scalar();
    }

    private Value array(int depth) throws Refusal {
        int start = i++;
        List<Value> elements = new ArrayList<>();
        while (true) {
            skipWhitespaceCommentsAndLineBreaks();
            if (i < n && chars[i] == ']') {
                i++;
                return new Value(Kind.ARRAY, start, i, null, 0, elements, false);
            }
            elements.add(value(depth + 1));
            skipWhitespaceCommentsAndLineBreaks();
            if (i < n && chars[i] == ',') {
                i++;
            } else if (i >= n || chars[i] != ']') {
                throw new Refusal(i, "unexpected " + describe(i) + ", expected ',' or ']'");
            }
        }
    }

    private Value inlineTable(int depth) throws Refusal {
        int start = i++;
        skipWhitespace();
        if (i < n && chars[i] == '}') {
            i++;
            return new Value(Kind.INLINE_TABLE, start, i, null, 0, List.of(), false);
        }
        while (true) {
            key();
            skipWhitespace();
            expect('=', "expected '=' after a key");
            skipWhitespace();
            value(depth + 1);
            skipWhitespace();
            if (i < n && chars[i] == '}') {
                i++;
                return new Value(Kind.INLINE_TABLE, start, i, null, 0, List.of(), false);
            }
            expect(',', "expected ',' or '}'");
            skipWhitespace();
        }
    }

    private Value scalar() throws Refusal {
        int start = i;
        while (i < n && isScalarChar(chars[i])) {
            i++;
        }
        // A date and a time may be separated by a space: 1979-05-27 07:32:00.
        if (i - start == 10 && at(i, " ") && i + 1 < n
                && Character.isDigit(chars[i + 1]) && chars[start + 4] == '-') {
            i++;
            while (i < n && isScalarChar(chars[i])) {
                i++;
            }
        }
        String token = text.substring(start, i);
        if (token.isEmpty()) {
            throw new Refusal(i, "unexpected " + describe(i) + ", expected a value");
        }
        if (token.equals("true") || token.equals("false")) {
            return new Value(Kind.BOOLEAN, start, i, null, 0, List.of(), false);
        }
        Long integer = integer(token);
        if (integer != null) {
            return new Value(Kind.INTEGER, start, i, null, integer, List.of(), false);
        }
        if (OtherScalars.FLOAT.matcher(token).matches()) {
            return new Value(Kind.FLOAT, start, i, null, 0, List.of(), false);
        }
        if (OtherScalars.DATE_TIME.matcher(token).matches()) {
            return new Value(Kind.DATE_TIME, start, i, null, 0, List.of(), false);
        }
        throw new Refusal(start, "'" + token + "' is not a TOML value (a string is written in quotes)");
    }

    /**
     * The integer {@code token} spells in TOML (decimal with an optional sign, or {@code 0x},
     * {@code 0o}, {@code 0b}; underscores only between digits; no leading zero), or null when
     * it spells none; refuses one beyond a long. By hand rather than by pattern: every lock's
     * {@code version = 1} passes here, and compiling patterns is a cold start's cost.
     */
    private Long integer(String token) throws Refusal {
        int radix = 10;
        int k = 0;
        boolean negative = false;
        if (token.startsWith("0x") || token.startsWith("0o") || token.startsWith("0b")) {
            radix = token.charAt(1) == 'x' ? 16 : token.charAt(1) == 'o' ? 8 : 2;
            k = 2;
        } else if (token.startsWith("+") || token.startsWith("-")) {
            negative = token.charAt(0) == '-';
            k = 1;
        }
        if (k >= token.length() || (radix == 10 && token.charAt(k) == '0' && k + 1 < token.length())) {
            return null;
        }
        long value = 0;
        boolean afterUnderscore = true;
        for (; k < token.length(); k++) {
            char c = token.charAt(k);
            if (c == '_') {
                if (afterUnderscore) {
                    return null;
                }
                afterUnderscore = true;
                continue;
            }
            int digit = c < 0x80 ? Character.digit(c, radix) : -1;
            if (digit < 0) {
                return null;
            }
            try {
                value = Math.addExact(Math.multiplyExact(value, radix), digit);
            } catch (ArithmeticException e) {
                throw new Refusal(i - token.length(), "integer " + token + " is too large");
            }
            afterUnderscore = false;
        }
        return afterUnderscore ? null : negative ? -value : value;
    }

    /** A {@code "…"} string, decoded; {@code i} is at its opening quote. */
    private String basicString() throws Refusal {
        int start = ++i;
        StringBuilder decoded = null;
        while (true) {
            if (i >= n) {
                throw new Refusal(i, "unterminated string");
            }
            char c = chars[i];
            if (c == '"') {
                String value = decoded == null ? text.substring(start, i) : decoded.toString();
                i++;
                return value;
            }
            if (c == '\\') {
                if (decoded == null) {
                    decoded = new StringBuilder(text.substring(start, i));
                }
                escape(decoded);
            } else if (c == '\n' || c == '\r') {
                throw new Refusal(i, "unterminated string (a line break before its closing quote)");
            } else if (isControl(c)) {
                throw new Refusal(i, "unexpected " + describe(i) + " in a string (escape it)");
            } else {
                if (decoded != null) {
                    decoded.append(c);
                }
                i++;
            }
        }
    }

    /** A {@code '…'} string; {@code i} is at its opening quote. */
    private String literalString() throws Refusal {
        int start = ++i;
        while (true) {
            if (i >= n) {
                throw new Refusal(i, "unterminated string");
            }
            char c = chars[i];
            if (c == '\'') {
                return text.substring(start, i++);
            }
            if (c == '\n' || c == '\r') {
                throw new Refusal(i, "unterminated string (a line break before its closing quote)");
            }
            if (isControl(c)) {
                throw new Refusal(i, "unexpected " + describe(i) + " in a string");
            }
            i++;
        }
    }

    /** A {@code """…"""} string, decoded; {@code i} is at its opening quotes. */
    private String multiLineBasicString() throws Refusal {
        i += 3;
        skipFirstLineBreak();
        StringBuilder decoded = new StringBuilder();
        while (true) {
            if (i >= n) {
                throw new Refusal(i, "unterminated multi-line string");
            }
            char c = chars[i];
            if (c == '"' && at(i, "\"\"\"")) {
                closeMultiLine('"', decoded);
                return decoded.toString();
            }
            if (c == '\\') {
                int after = i + 1;
                while (after < n && (chars[after] == ' ' || chars[after] == '\t')) {
                    after++;
                }
                if (after < n && (chars[after] == '\n' || at(after, "\r\n"))) {
                    // A line-ending backslash trims the break and all whitespace up to the next text.
                    i = after;
                    while (i < n && (chars[i] == ' ' || chars[i] == '\t'
                            || chars[i] == '\n' || at(i, "\r\n"))) {
                        i++;
                    }
                } else {
                    escape(decoded);
                }
            } else {
                multiLineChar(decoded);
            }
        }
    }

    /** A {@code '''…'''} string; {@code i} is at its opening quotes. */
    private String multiLineLiteralString() throws Refusal {
        i += 3;
        skipFirstLineBreak();
        StringBuilder decoded = new StringBuilder();
        while (true) {
            if (i >= n) {
                throw new Refusal(i, "unterminated multi-line string");
            }
            if (at(i, "'''")) {
                closeMultiLine('\'', decoded);
                return decoded.toString();
            }
            multiLineChar(decoded);
        }
    }

    private void skipFirstLineBreak() {
        if (at(i, "\n")) {
            i++;
        } else if (at(i, "\r\n")) {
            i += 2;
        }
    }

    /** A character of a multi-line string's body: a line break (kept as it is written) or text. */
    private void multiLineChar(StringBuilder decoded) throws Refusal {
        char c = chars[i];
        if (c == '\n') {
            decoded.append('\n');
            i++;
        } else if (at(i, "\r\n")) {
            decoded.append("\r\n");
            i += 2;
        } else if (isControl(c)) {
            throw new Refusal(i, "unexpected " + describe(i) + " in a string");
        } else {
            decoded.append(c);
            i++;
        }
    }

    /**
     * At three or more quotes: up to two of them belong to the string, the last three close it.
     */
    private void closeMultiLine(char quote, StringBuilder decoded) throws Refusal {
        int run = 0;
        while (i + run < n && chars[i + run] == quote) {
            run++;
        }
        if (run > 5) {
            throw new Refusal(i + 5, "too many quotes at the end of a multi-line string");
        }
        decoded.append(String.valueOf(quote).repeat(run - 3));
        i += run;
    }

    /** An escape sequence at {@code i} (a backslash), appended decoded. */
    private void escape(StringBuilder decoded) throws Refusal {
        int at = i;
        if (i + 1 >= n) {
            throw new Refusal(at, "unterminated string");
        }
        char c = chars[i + 1];
        i += 2;
        switch (c) {
            case 'b' -> decoded.append('\b');
            case 't' -> decoded.append('\t');
            case 'n' -> decoded.append('\n');
            case 'f' -> decoded.append('\f');
            case 'r' -> decoded.append('\r');
            case '"' -> decoded.append('"');
            case '\\' -> decoded.append('\\');
            case 'u', 'U' -> {
                int length = c == 'u' ? 4 : 8;
                if (i + length > n) {
                    throw new Refusal(at, "a \\" + c + " escape needs " + length + " hex digits");
                }
                int codePoint = 0;
                for (int k = 0; k < length; k++) {
                    int digit = Character.digit(chars[i + k], 16);
                    if (digit < 0 || chars[i + k] > 'f') {
                        throw new Refusal(at, "a \\" + c + " escape needs " + length + " hex digits");
                    }
                    codePoint = codePoint * 16 + digit;
                    if (codePoint > Character.MAX_CODE_POINT) {
                        throw new Refusal(at, "\\" + c + " escape beyond U+10FFFF");
                    }
                }
                if (codePoint >= 0xD800 && codePoint <= 0xDFFF) {
                    throw new Refusal(at, "\\" + c + " escape of a surrogate, which is not a Unicode scalar value");
                }
                decoded.appendCodePoint(codePoint);
                i += length;
            }
            default -> throw new Refusal(at, "invalid escape sequence \\" + printable(c));
        }
    }

    /** Whether {@code token} stands at {@code offset}. */
    private boolean at(int offset, String token) {
        if (offset + token.length() > n) {
            return false;
        }
        for (int k = 0; k < token.length(); k++) {
            if (chars[offset + k] != token.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private void skipWhitespace() {
        while (i < n && (chars[i] == ' ' || chars[i] == '\t')) {
            i++;
        }
    }

    private void skipWhitespaceCommentsAndLineBreaks() throws Refusal {
        while (true) {
            skipWhitespace();
            if (i >= n) {
                return;
            }
            char c = chars[i];
            if (c == '#') {
                comment();
            } else if (c == '\n') {
                i++;
            } else if (at(i, "\r\n")) {
                i += 2;
            } else {
                return;
            }
        }
    }

    private void expect(char c, String message) throws Refusal {
        if (i >= n || chars[i] != c) {
            throw new Refusal(i, message + ", not " + describe(i));
        }
        i++;
    }

    private String describe(int at) {
        if (at >= n) {
            return "the end of the file";
        }
        return "'" + printable(chars[at]) + "'";
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f || Character.isSurrogate(c) || Character.getType(c) == Character.FORMAT
                ? String.format("\\u%04X", (int) c) : String.valueOf(c);
    }

    /** Where the run of characters a basic string holds as they are, starting at {@code from}, ends. */
    private int plainRun(int from) {
        int k = from;
        while (k < n) {
            char c = chars[k];
            if (c < 0x20 || c == '"' || c == '\\' || (c >= 0x7f && c <= 0x9f)) {
                return k;
            }
            k++;
        }
        return k;
    }

    /** TOML forbids control characters other than tab in strings and comments. */
    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7f;
    }

    private static boolean isBareKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static boolean isScalarChar(char c) {
        return isBareKeyChar(c) || c == '+' || c == '.' || c == ':';
    }

    /** Patterns for values a lock never holds, compiled only when one turns up. */
    private static final class OtherScalars {
        static final Pattern FLOAT = Pattern.compile(
                "[+-]?(0|[1-9](_?[0-9])*)((\\.[0-9](_?[0-9])*)([eE][+-]?[0-9](_?[0-9])*)?|[eE][+-]?[0-9](_?[0-9])*)"
                        + "|[+-]?(inf|nan)");
        static final Pattern DATE_TIME = Pattern.compile(
                "[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?"
                        + "|[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?");

        private OtherScalars() {
        }
    }
}
