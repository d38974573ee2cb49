package io.cloudwego.kitex.codegen.thrift;

/**
 * An IDL that cannot be compiled. The message is {@code path:line:column: <found>, expected <what>}
 * for syntax errors and {@code path:line:column: <problem>} for semantic ones.
 */
public final class ThriftIdlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Position position;

    public ThriftIdlException(Position position, String problem) {
        super(position + ": " + problem);
        this.position = position;
    }

    /** A problem with a whole file (unreadable, missing), not with a place in it. */
    public ThriftIdlException(String message) {
        super(message);
        this.position = null;
    }

    /** A syntax error: {@code found} where {@code expected} was expected. */
    public static ThriftIdlException syntax(Position position, String found, String expected) {
        return new ThriftIdlException(position, found + ", expected " + expected);
    }

    /** Where the problem is, or {@code null} for a problem with a whole file. */
    public Position position() {
        return position;
    }
}
