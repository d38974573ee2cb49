package io.cloudwego.kitex.limit;

/** The limit that refused a connection or a request. */
public enum LimitKind {
    /** {@link Limits#maxConnections()}. */
    MAX_CONNECTIONS("max-connections", "too many connections"),
    /** {@link Limits#maxQps()}. */
    MAX_QPS("max-qps", "request too frequent"),
    /** {@link Limits#maxConcurrency()}. */
    MAX_CONCURRENCY("max-concurrency", "too many concurrent requests");

    private final String reason;
    private final String cause;

    LimitKind(String reason, String cause) {
        this.reason = reason;
        this.cause = cause;
    }

    /** The limit's name as in properties and metrics: {@code max-connections}, {@code max-qps}, {@code max-concurrency}. */
    public String reason() {
        return reason;
    }

    /**
     * The message sent to a caller refused by this limit, as Kitex words it: {@code "request over
     * limit: request too frequent"} for {@link #MAX_QPS}.
     */
    public String message() {
        return io.cloudwego.kitex.errors.OverLimitException.MESSAGE_PREFIX + ": " + cause;
    }
}
