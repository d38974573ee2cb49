package io.cloudwego.kitex.samples.echo;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** A load loop: keeps a number of echo calls in flight for a while and counts how they end. */
public final class EchoLoad {
    private EchoLoad() {
    }

    /**
     * Calls and errors of the measured window of a load run.
     *
     * @param calls calls answered
     * @param errors calls that failed
     * @param seconds how long the window lasted
     */
    public record Result(long calls, long errors, double seconds) {

        /** Calls answered per second of the window. */
        public double callsPerSecond() {
            return calls / seconds;
        }
    }

    /**
     * Keeps {@code inFlight} echo calls of {@code payloadBytes} running for a warm-up, then for a
     * measured window, and returns what happened in the window.
     */
    public static Result run(EchoService.Async client, int inFlight, int payloadBytes, Duration warmUp,
                             Duration measure) throws InterruptedException {
        EchoRequest request = EchoRequest.builder().message("x".repeat(payloadBytes)).build();
        keepInFlight(client, request, inFlight, warmUp.toNanos(), new long[2]);
        long[] counts = new long[2];
        long start = System.nanoTime();
        keepInFlight(client, request, inFlight, measure.toNanos(), counts);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(counts[0], counts[1], seconds);
    }

    private static void keepInFlight(EchoService.Async client, EchoRequest request, int inFlight, long nanos,
                                     long[] counts) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            if (!permits.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                continue;
            }
            client.echo(request).whenComplete((r, e) -> {
                synchronized (counts) {
                    counts[e == null ? 0 : 1]++;
                }
                permits.release();
            });
        }
        permits.acquire(inFlight);
    }
}
