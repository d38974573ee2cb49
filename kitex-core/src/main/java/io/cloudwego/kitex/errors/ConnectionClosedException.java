package io.cloudwego.kitex.errors;

/** The connection closed while the call was in flight. */
public final class ConnectionClosedException extends KitexException {
    private static final long serialVersionUID = 1L;

    private final boolean sent;

    /**
     * @param message what happened
     * @param sent whether the request had been written to the connection before it closed
     */
    public ConnectionClosedException(String message, boolean sent) {
        super(message);
        this.sent = sent;
    }

    @Override
    public boolean mayHaveReachedServer() {
        return sent;
    }
}
