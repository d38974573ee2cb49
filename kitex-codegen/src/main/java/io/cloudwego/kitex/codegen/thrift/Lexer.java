package io.cloudwego.kitex.codegen.thrift;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Splits IDL source into tokens, dropping comments but keeping doc comments for the token after them. */
final class Lexer {
    private static final Set<String> KEYWORDS = Set.of(
        "include", "cpp_include", "namespace", "typedef", "const", "enum", "struct", "union", "exception",
        "service", "extends", "oneway", "throws", "required", "optional", "void", "true", "false", "senum",
        "slist", "bool", "byte", "i8", "i16", "i32", "i64", "double", "string", "binary", "uuid", "list", "set",
        "map");
    private static final String PUNCTUATION = "{}()[]<>,;:=*";

    private final String path;
    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;
    private String pendingDoc;

    private Lexer(String path, String src) {
        this.path = path;
        this.src = src;
    }

    static boolean isKeyword(String word) {
        return KEYWORDS.contains(word);
    }

    static List<Token> tokenize(String path, String src) {
        Lexer lexer = new Lexer(path, src);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (token.kind() != Token.Kind.EOF);
        return tokens;
    }

    private Position position(int at) {
        return new Position(path, line, at - lineStart + 1);
    }

    private Token next() {
        skipSpaceAndComments();
        int start = pos;
        Position where = position(start);
        String doc = pendingDoc;
        pendingDoc = null;
        if (pos >= src.length()) {
            return new Token(Token.Kind.EOF, "", null, where, doc);
        }
        char c = src.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            while (pos < src.length() && isIdentifierPart(src.charAt(pos))) {
                pos++;
            }
            return new Token(Token.Kind.IDENTIFIER, src.substring(start, pos), null, where, doc);
        }
        if (Character.isDigit(c) || ((c == '+' || c == '-' || c == '.') && pos + 1 < src.length()
            && Character.isDigit(src.charAt(pos + 1)))) {
            return number(where, doc);
        }
        if (c == '"' || c == '\'') {
            return string(c, where, doc);
        }
        if (PUNCTUATION.indexOf(c) >= 0) {
            pos++;
            return new Token(Token.Kind.PUNCTUATION, String.valueOf(c), null, where, doc);
        }
        throw ThriftIdlException.syntax(where, "character '" + c + "'", "a name, literal or punctuation");
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#' || src.startsWith("//", pos)) {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (src.startsWith("/*", pos)) {
                blockComment();
            } else {
                return;
            }
        }
    }

    private void blockComment() {
        Position where = position(pos);
        int end = src.indexOf("*/", pos + 2);
        if (end < 0) {
            throw ThriftIdlException.syntax(where, "unterminated block comment", "'*/'");
        }
        boolean isDoc = src.startsWith("/**", pos) && end > pos + 2;
        String body = src.substring(pos + (isDoc ? 3 : 2), end);
        for (int i = pos; i < end; i++) {
            if (src.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        pos = end + 2;
        if (isDoc) {
            pendingDoc = docText(body);
        }
    }

    /** The text of a doc comment: each line trimmed of its leading {@code *}, blank edge lines dropped. */
    private static String docText(String body) {
        List<String> lines = new ArrayList<>();
        for (String raw : body.split("\n", -1)) {
            String text = raw.strip();
            if (text.startsWith("*")) {
                text = text.substring(1).strip();
            }
            lines.add(text);
        }
        while (!lines.isEmpty() && lines.get(0).isEmpty()) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return String.join("\n", lines);
    }

    private Token number(Position where, String doc) {
        int start = pos;
        if (src.charAt(pos) == '+' || src.charAt(pos) == '-') {
            pos++;
        }
        if (src.startsWith("0x", pos) || src.startsWith("0X", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < src.length() && Character.digit(src.charAt(pos), 16) >= 0) {
                pos++;
            }
            String text = src.substring(start, pos);
            if (digits == pos) {
                throw ThriftIdlException.syntax(where, "'" + text + "'", "hexadecimal digits");
            }
            return integer(text, src.substring(digits, pos), 16, where, doc);
        }
        boolean isDouble = false;
        skipDigits();
        if (pos < src.length() && src.charAt(pos) == '.' && pos + 1 < src.length()
            && Character.isDigit(src.charAt(pos + 1))) {
            isDouble = true;
            pos++;
            skipDigits();
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int mark = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                isDouble = true;
                skipDigits();
            } else {
                pos = mark;
            }
        }
        String text = src.substring(start, pos);
        if (isDouble) {
            return new Token(Token.Kind.DOUBLE, text, Double.parseDouble(text), where, doc);
        }
        String digits = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        return integer(text, digits, 10, where, doc);
    }

    private Token integer(String text, String digits, int radix, Position where, String doc) {
        try {
            java.math.BigInteger value = new java.math.BigInteger(digits, radix);
            if (text.startsWith("-")) {
                value = value.negate();
            }
            return new Token(Token.Kind.INTEGER, text, value.longValueExact(), where, doc);
        } catch (ArithmeticException e) {
            throw ThriftIdlException.syntax(where, "integer " + text, "an integer that fits in 64 bits");
        }
    }

    private void skipDigits() {
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
    }

    private Token string(char quote, Position where, String doc) {
        int start = pos;
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= src.length()) {
                throw ThriftIdlException.syntax(where, "unterminated string", "closing " + quote);
            }
            char c = src.charAt(pos);
            if (c == quote) {
                pos++;
                return new Token(Token.Kind.STRING, src.substring(start, pos), value.toString(), where, doc);
            }
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            }
            if (c == '\\' && pos + 1 < src.length()) {
                value.append(escape(position(pos)));
            } else {
                value.append(c);
                pos++;
            }
        }
    }

    private String escape(Position where) {
        char e = src.charAt(pos + 1);
        pos += 2;
        switch (e) {
            case 'n':
                return "\n";
            case 't':
                return "\t";
            case 'r':
                return "\r";
            case 'b':
                return "\b";
            case 'f':
                return "\f";
            case '\\':
            case '"':
            case '\'':
            case '/':
                return String.valueOf(e);
            case 'u':
                if (pos + 4 <= src.length()) {
                    try {
                        String hex = src.substring(pos, pos + 4);
                        int code = Integer.parseInt(hex, 16);
                        pos += 4;
                        return String.valueOf((char) code);
                    } catch (NumberFormatException ignored) {
                        // reported below
                    }
                }
                throw ThriftIdlException.syntax(where, "escape '\\u'", "four hexadecimal digits after \\u");
            default:
                throw ThriftIdlException.syntax(where, "escape '\\" + e + "'",
                    "one of \\n \\t \\r \\b \\f \\\\ \\\" \\' \\/ \\uXXXX");
        }
    }
}
