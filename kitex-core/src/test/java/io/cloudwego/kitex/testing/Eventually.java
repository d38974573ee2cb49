package io.cloudwego.kitex.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something that happens on another thread. */
public final class Eventually {
    /** Generous, for a machine busy with other builds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Eventually() {
    }

    /** Returns once {@code condition} holds, polling it; fails naming {@code what} after {@link #DEFAULT_TIMEOUT}. */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not true after " + DEFAULT_TIMEOUT.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }
}
