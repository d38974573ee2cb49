package io.cloudwego.kitex.endpoint;

import java.util.List;

/**
 * Wraps an {@link Endpoint} with behaviour before and after it: the only way behaviour is added to
 * calls, on the client and on the server.
 */
@FunctionalInterface
public interface Middleware {

    /** Returns an endpoint that does this middleware's work around {@code next}. */
    Endpoint wrap(Endpoint next);

    /**
     * Chains {@code middlewares} around {@code last}: the first middleware of the list runs first.
     */
    static Endpoint chain(List<? extends Middleware> middlewares, Endpoint last) {
        Endpoint endpoint = last;
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            endpoint = middlewares.get(i).wrap(endpoint);
        }
        return endpoint;
    }
}
