package io.cloudwego.kitex.limit;

/**
 * A server's limits; 0 means no limit, and {@link #NONE} (every limit 0) is the default, as Kitex.
 *
 * @param maxConnections the most connections open at once; a connection beyond it is closed as
 *     soon as it is accepted
 * @param maxQps the most requests accepted per second (a token bucket that holds a tenth of a
 *     second's worth and refills continuously); a request beyond it is refused
 * @param maxConcurrency the most requests being handled at once; a request beyond it is refused
 */
public record Limits(int maxConnections, int maxQps, int maxConcurrency) {
    /** No limit. */
    public static final Limits NONE = new Limits(0, 0, 0);

    /** @throws IllegalArgumentException naming the limit that is negative */
    public Limits {
        requireNotNegative(maxConnections, "maxConnections");
        requireNotNegative(maxQps, "maxQps");
        requireNotNegative(maxConcurrency, "maxConcurrency");
    }

    private static void requireNotNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be 0 (no limit) or more: " + value);
        }
    }
}
