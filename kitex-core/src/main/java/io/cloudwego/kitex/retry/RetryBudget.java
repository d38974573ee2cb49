package io.cloudwego.kitex.retry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the calls of one method and the retries and backup requests sent for them over a sliding
 * window, and allows another retry only while they stay within a percentage of the calls, plus a
 * few ({@value #MIN_RETRIES_PER_WINDOW} per window) so that a method with little traffic may still
 * retry. A retry refused leaves its call with the error it had.
 */
public final class RetryBudget {
    /** The span over which calls and retries are counted, as Kitex's retry circuit breaker window. */
    public static final Duration WINDOW = Duration.ofSeconds(10);
    /** Retries allowed in any window whatever the calls. */
    public static final int MIN_RETRIES_PER_WINDOW = 10;

    private static final int BUCKETS = 10;
    private static final long BUCKET_NANOS = WINDOW.toNanos() / BUCKETS;

    /** Per bucket: the bucket's number (its start / BUCKET_NANOS), calls, retries. */
    private final AtomicLongArray epochs = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray calls = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray retries = new AtomicLongArray(BUCKETS);
    private final LongAdder totalCalls = new LongAdder();
    private final LongAdder totalRetries = new LongAdder();
    private final LongAdder totalRefused = new LongAdder();

    /** Counts a call (its first attempt). */
    public void recordCall() {
        calls.incrementAndGet(bucket(System.nanoTime()));
        totalCalls.increment();
    }

    /**
     * Counts a retry or backup request if the budget allows it: {@code true} when it may be sent,
     * {@code false} when it would exceed {@code percent} of the window's calls.
     */
    public boolean tryAcquire(int percent) {
        long now = System.nanoTime();
        int current = bucket(now);
        long callCount = 0;
        long retryCount = 0;
        long epoch = now / BUCKET_NANOS;
        for (int i = 0; i < BUCKETS; i++) {
            if (epoch - epochs.get(i) < BUCKETS) {
                callCount += calls.get(i);
                retryCount += retries.get(i);
            }
        }
        if ((retryCount + 1) * 100 > callCount * percent + MIN_RETRIES_PER_WINDOW * 100L) {
            totalRefused.increment();
            return false;
        }
        retries.incrementAndGet(current);
        totalRetries.increment();
        return true;
    }

    /** Calls counted since this budget was made. */
    public long totalCalls() {
        return totalCalls.sum();
    }

    /** Retries and backup requests allowed since this budget was made. */
    public long totalRetries() {
        return totalRetries.sum();
    }

    /** Retries and backup requests refused since this budget was made. */
    public long totalRefused() {
        return totalRefused.sum();
    }

    /** Retries counted in the window now. */
    public long retriesInWindow() {
        return sum(retries);
    }

    /** Calls counted in the window now. */
    public long callsInWindow() {
        return sum(calls);
    }

    private long sum(AtomicLongArray counts) {
        long epoch = System.nanoTime() / BUCKET_NANOS;
        long sum = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (epoch - epochs.get(i) < BUCKETS) {
                sum += counts.get(i);
            }
        }
        return sum;
    }

    /** The index of the bucket of {@code nanos}, emptied first if it last held an older span. */
    private int bucket(long nanos) {
        long epoch = nanos / BUCKET_NANOS;
        int index = (int) Math.floorMod(epoch, (long) BUCKETS);
        long held = epochs.get(index);
        if (held != epoch && epochs.compareAndSet(index, held, epoch)) {
            calls.set(index, 0);
            retries.set(index, 0);
        }
        return index;
    }
}
