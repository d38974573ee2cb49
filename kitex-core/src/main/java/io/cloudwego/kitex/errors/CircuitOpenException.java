package io.cloudwego.kitex.errors;

/**
 * A circuit breaker is open, so the call failed at once without being sent: the service's breaker
 * for the method called, or the breakers of every instance the call could go to.
 */
public final class CircuitOpenException extends KitexException {
    private static final long serialVersionUID = 1L;

    /** Which breaker refused the call. */
    public enum Level {
        /** The breaker of the method of the service (caller, callee, method) is open. */
        SERVICE,
        /** The breaker of every instance the call could go to is open. */
        INSTANCE
    }

    private final Level level;
    private final String breaker;

    /**
     * @param level which breaker refused the call
     * @param breaker the name of the breaker: {@code caller/callee/method} or an instance address
     */
    public CircuitOpenException(Level level, String breaker) {
        super((level == Level.SERVICE ? "service" : "instance") + " circuit breaker open: " + breaker);
        this.level = level;
        this.breaker = breaker;
    }

    public Level level() {
        return level;
    }

    /** The name of the breaker that refused the call. */
    public String breaker() {
        return breaker;
    }

    @Override
    public boolean mayHaveReachedServer() {
        return false;
    }
}
