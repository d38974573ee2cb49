package io.cloudwego.kitex.client;

/** How a client keeps its connections to an instance. */
public enum PoolType {
    /**
     * A few connections per instance, each carrying many calls at once, matched to their replies by
     * sequence id. The throughput default; needs a server that answers out of order or in order
     * (any kitex-java server, and Go Kitex servers over TTHeader).
     */
    MULTIPLEXED,
    /**
     * Pooled connections carrying one call at a time: Kitex's own default, and the safe choice for
     * servers that handle one request per connection at a time.
     */
    LONG,
    /** A new connection for every call, closed after its reply. */
    SHORT
}
