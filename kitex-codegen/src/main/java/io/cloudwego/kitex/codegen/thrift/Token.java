package io.cloudwego.kitex.codegen.thrift;

/** A lexical token; {@code doc} is the doc comment right before it, or {@code null}. */
record Token(Kind kind, String text, Object value, Position position, String doc) {

    enum Kind {
        IDENTIFIER,
        INTEGER,
        DOUBLE,
        STRING,
        PUNCTUATION,
        EOF
    }

    boolean is(String punctuationOrWord) {
        return (kind == Kind.PUNCTUATION || kind == Kind.IDENTIFIER) && text.equals(punctuationOrWord);
    }

    /** How the token is named in error messages. */
    String describe() {
        switch (kind) {
            case IDENTIFIER:
                return (Lexer.isKeyword(text) ? "keyword '" : "identifier '") + text + "'";
            case INTEGER:
                return "integer " + text;
            case DOUBLE:
                return "number " + text;
            case STRING:
                return "string " + text;
            case PUNCTUATION:
                return "'" + text + "'";
            default:
                return "end of file";
        }
    }
}
