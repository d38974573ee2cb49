package io.cloudwego.kitex.errors;

/**
 * The base of every error kitex-java raises for an RPC. Each subclass tells what went wrong and,
 * through {@link #mayHaveReachedServer()}, whether the server may have seen the request: a caller
 * decides from that whether a retry could run the call twice.
 */
public abstract class KitexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected KitexException(String message) {
        super(message);
    }

    protected KitexException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the request may have reached the server (and so may have had an effect there).
     * {@code false} means it certainly did not, and retrying cannot run the call twice.
     */
    public abstract boolean mayHaveReachedServer();
}
