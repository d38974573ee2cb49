package io.cloudwego.kitex.retry;

import io.cloudwego.kitex.internal.Settings;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How long a failure retry waits before it is sent, as Kitex's back-off policies. */
@FunctionalInterface
public interface Backoff {

    /** No wait: a retry is sent as soon as the failure is known (Kitex's default). */
    Backoff NONE = retry -> Duration.ZERO;

    /** The wait before the {@code retry}-th retry (1 for the first). */
    Duration delay(int retry);

    /** The same wait before every retry. */
    static Backoff fixed(Duration delay) {
        Duration checked = Settings.zeroOrPositive(delay, "backoff delay");
        return retry -> checked;
    }

    /** A wait drawn uniformly from {@code [min, max]} before every retry, so that retries spread out. */
    static Backoff random(Duration min, Duration max) {
        long minNanos = Settings.zeroOrPositive(min, "backoff min").toNanos();
        long maxNanos = Settings.zeroOrPositive(max, "backoff max").toNanos();
        if (maxNanos < minNanos) {
            throw new IllegalArgumentException("backoff max " + max + " is less than min " + min);
        }
        return retry -> Duration.ofNanos(minNanos == maxNanos ? minNanos
            : ThreadLocalRandom.current().nextLong(minNanos, maxNanos + 1));
    }
}
