package io.cloudwego.kitex.rpcinfo;

/** Timings of one call, in {@link System#nanoTime()} units. */
public final class RpcStats {
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;

    /** When the call started. */
    public long startNanos() {
        return startNanos;
    }

    /** When the call finished, or 0 while it runs. */
    public long endNanos() {
        return endNanos;
    }

    /** Marks the call finished now. */
    public void finish() {
        endNanos = System.nanoTime();
    }

    /** Nanoseconds from start to finish, or so far. */
    public long elapsedNanos() {
        long end = endNanos;
        return (end == 0 ? System.nanoTime() : end) - startNanos;
    }
}
