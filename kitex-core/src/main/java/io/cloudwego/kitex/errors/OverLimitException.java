package io.cloudwego.kitex.errors;

/**
 * The server refused the request because it is over one of its limits (requests per second,
 * requests in flight), before running the handler: the call had no effect there.
 *
 * <p>On the wire it is Kitex's over-limit answer: an application exception of type {@link
 * RemoteApplicationException#INTERNAL_ERROR} whose message starts with {@value #MESSAGE_PREFIX}
 * (Kitex's {@code ErrOverlimit}); a Go Kitex server sends the same.
 */
public final class OverLimitException extends KitexException {
    private static final long serialVersionUID = 1L;

    /** How the message of an over-limit application exception starts, as Kitex writes it. */
    public static final String MESSAGE_PREFIX = "request over limit";

    public OverLimitException(String message) {
        super(message);
    }

    /** Whether {@code e} is a server's over-limit answer. */
    public static boolean isOverLimit(RemoteApplicationException e) {
        return e.type() == RemoteApplicationException.INTERNAL_ERROR && e.getMessage() != null
            && e.getMessage().startsWith(MESSAGE_PREFIX);
    }

    @Override
    public boolean mayHaveReachedServer() {
        return false;
    }
}
