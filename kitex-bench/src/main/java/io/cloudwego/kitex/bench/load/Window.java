package io.cloudwego.kitex.bench.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The time frame of one measurement, a warm-up then a measured window, and what was seen in it:
 * the latency of every call that ended inside the window, and the errors of the whole run. The
 * warm-up starts when the first call is answered, so that a slow JVM start-up (class loading,
 * connecting) never eats into it.
 */
public final class Window {
    /** Latencies above this are recorded as this (one minute, in nanoseconds). */
    private static final long HIGHEST_LATENCY_NANOS = 60_000_000_000L;

    /** How long a load may take to answer its first call before the window starts regardless. */
    private static final long FIRST_CALL_TIMEOUT_MILLIS = 60_000;

    private final long warmUpNanos;
    private final long measureNanos;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile long measureStartNanos = Long.MAX_VALUE;
    private volatile long measureEndNanos = Long.MAX_VALUE;
    private final Recorder latencies = new Recorder(HIGHEST_LATENCY_NANOS, 3);
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    /** A window of {@code measureNanos} after a warm-up of {@code warmUpNanos}, not started yet. */
    public Window(long warmUpNanos, long measureNanos) {
        this.warmUpNanos = warmUpNanos;
        this.measureNanos = measureNanos;
    }

    /** Starts the warm-up now, unless it has started already. The first call answered does this. */
    public synchronized void start() {
        if (started.getCount() > 0) {
            long start = System.nanoTime() + warmUpNanos;
            measureStartNanos = start;
            measureEndNanos = start + measureNanos;
            started.countDown();
        }
    }

    /** When the measured window starts, on the {@link System#nanoTime()} clock; waits for the warm-up to start. */
    public long measureStartNanos() throws InterruptedException {
        awaitStart();
        return measureStartNanos;
    }

    /** When the measured window ends, on the {@link System#nanoTime()} clock; waits for the warm-up to start. */
    public long measureEndNanos() throws InterruptedException {
        awaitStart();
        return measureEndNanos;
    }

    /** How long the measured window lasts. */
    public long measureNanos() {
        return measureNanos;
    }

    /** Returns once the warm-up has started, or starts it after a minute without an answered call. */
    private void awaitStart() throws InterruptedException {
        if (!started.await(FIRST_CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            start();
        }
    }

    /** Sleeps until the measured window has ended. */
    public void awaitEnd() throws InterruptedException {
        sleepUntil(measureEndNanos());
    }

    /** Whether new calls should still be started at {@code nowNanos}: until the window has ended. */
    public boolean isOpen(long nowNanos) {
        return nowNanos < measureEndNanos;
    }

    /** Records a call answered at {@code endNanos} that started at {@code startNanos}, if it ended inside the window. */
    public void recordCall(long startNanos, long endNanos) {
        if (measureEndNanos == Long.MAX_VALUE) {
            start();
        }
        if (endNanos >= measureStartNanos && endNanos < measureEndNanos) {
            latencies.recordValue(Math.min(Math.max(0, endNanos - startNanos), HIGHEST_LATENCY_NANOS));
        }
    }

    /** Counts a failed call, in the warm-up or the window alike; the first one's description is kept. */
    public void recordError(String description) {
        errors.increment();
        firstError.compareAndSet(null, description);
    }

    /** Counts a failed call. */
    public void recordError(Throwable error) {
        recordError(error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    /** The latencies recorded so far, in nanoseconds; each call of this takes them out. */
    public Histogram takeLatencies() {
        return latencies.getIntervalHistogram();
    }

    /** Failed calls of the whole run. */
    public long errors() {
        return errors.sum();
    }

    /** The first failure's description, or {@code null}. */
    public String firstError() {
        return firstError.get();
    }

    /** Sleeps until {@code deadlineNanos} on the {@link System#nanoTime()} clock. */
    public static void sleepUntil(long deadlineNanos) throws InterruptedException {
        for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
            Thread.sleep(Math.max(1, left / 1_000_000), (int) (left % 1_000_000));
        }
    }
}
