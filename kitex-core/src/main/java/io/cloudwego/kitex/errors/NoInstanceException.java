package io.cloudwego.kitex.errors;

/** No instance of the callee is known, so the request was not sent anywhere. */
public final class NoInstanceException extends KitexException {
    private static final long serialVersionUID = 1L;

    public NoInstanceException(String service) {
        super("no instance available for service " + service);
    }

    /** No instance is known because finding them failed with {@code cause}. */
    public NoInstanceException(String service, Throwable cause) {
        super("no instance available for service " + service + ": its instances could not be resolved", cause);
    }

    @Override
    public boolean mayHaveReachedServer() {
        return false;
    }
}
