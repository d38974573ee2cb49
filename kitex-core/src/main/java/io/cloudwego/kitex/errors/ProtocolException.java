package io.cloudwego.kitex.errors;

/** Bytes on the wire broke the protocol: a malformed, truncated or oversized frame or message. */
public final class ProtocolException extends KitexException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * @param reason a short, stable name for the kind of violation (used as a counter key)
     * @param message what was wrong, with the offending values
     */
    public ProtocolException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A short, stable name for the kind of violation, such as {@code frame-too-large}. */
    public String reason() {
        return reason;
    }

    @Override
    public boolean mayHaveReachedServer() {
        return true;
    }
}
