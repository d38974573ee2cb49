package io.cloudwego.kitex.errors;

/**
 * An application exception (Thrift's {@code TApplicationException}): the server received the
 * request and answered with an EXCEPTION message instead of a result. A handler may also throw one
 * to answer with a specific type; the message then gets Kitex's {@code " [biz error]"} suffix.
 */
public final class RemoteApplicationException extends KitexException {
    private static final long serialVersionUID = 1L;

    /** Type ids, as in Thrift and Kitex. */
    public static final int UNKNOWN = 0;
    public static final int UNKNOWN_METHOD = 1;
    public static final int INVALID_MESSAGE_TYPE = 2;
    public static final int WRONG_METHOD_NAME = 3;
    public static final int BAD_SEQUENCE_ID = 4;
    public static final int MISSING_RESULT = 5;
    public static final int INTERNAL_ERROR = 6;
    public static final int PROTOCOL_ERROR = 7;
    public static final int INVALID_TRANSFORM = 8;
    public static final int INVALID_PROTOCOL = 9;
    public static final int UNSUPPORTED_CLIENT_TYPE = 10;
    public static final int UNKNOWN_SERVICE = 20;
    public static final int NO_SERVICE_NAME = 21;

    private final int type;

    public RemoteApplicationException(int type, String message) {
        super(message);
        this.type = type;
    }

    /** The exception type id ({@link #UNKNOWN_METHOD}, {@link #INTERNAL_ERROR}, …). */
    public int type() {
        return type;
    }

    @Override
    public boolean mayHaveReachedServer() {
        return true;
    }

    @Override
    public String toString() {
        return getClass().getName() + ": type=" + type + ", " + getMessage();
    }
}
