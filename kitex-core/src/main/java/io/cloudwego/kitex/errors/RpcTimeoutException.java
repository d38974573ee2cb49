package io.cloudwego.kitex.errors;

import java.time.Duration;

/** The call did not complete within its RPC timeout; the server may still be working on it. */
public final class RpcTimeoutException extends KitexException {
    private static final long serialVersionUID = 1L;

    private final transient Duration timeout;

    public RpcTimeoutException(String method, Duration timeout) {
        super("rpc timeout: " + method + " did not complete within " + timeout.toMillis() + "ms");
        this.timeout = timeout;
    }

    /** The timeout that elapsed. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public boolean mayHaveReachedServer() {
        return true;
    }
}
