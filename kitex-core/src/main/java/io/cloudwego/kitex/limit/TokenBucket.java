package io.cloudwego.kitex.limit;

import java.util.function.LongSupplier;

/**
 * Tokens that accrue continuously at {@code perSecond}, up to a tenth of a second's worth (at
 * least one): the same rate as Kitex's bucket refilled every 100 ms, without the steps.
 */
final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    TokenBucket(int perSecond, LongSupplier nanoClock) {
        this.perNano = perSecond / 1e9;
        this.capacity = Math.max(1, perSecond / 10);
        this.nanoClock = nanoClock;
        this.tokens = capacity;
        this.last = nanoClock.getAsLong();
    }

    /** The most tokens the bucket holds: the largest burst it lets through at once. */
    int capacity() {
        return (int) capacity;
    }

    synchronized boolean tryTake() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
