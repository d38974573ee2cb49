package io.cloudwego.kitex.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code inFlight} threads, each with its own {@link BlockingCaller} (its own connection), calling
 * in a loop until the window ends: how a blocking client keeps that many calls in flight.
 */
public final class BlockingLoad implements LoadGenerator {
    private final List<BlockingCaller> callers;

    /** Load through {@code callers}, one thread each. */
    public BlockingLoad(List<BlockingCaller> callers) {
        this.callers = List.copyOf(callers);
    }

    @Override
    public void run(Window window) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (BlockingCaller caller : callers) {
            Thread thread = new Thread(() -> loop(caller, window), "bench-caller-" + threads.size());
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void loop(BlockingCaller caller, Window window) {
        for (long start = System.nanoTime(); window.isOpen(start); start = System.nanoTime()) {
            try {
                caller.call();
                window.recordCall(start, System.nanoTime());
            } catch (Exception e) {
                window.recordError(e);
                return;
            }
        }
    }

    @Override
    public void close() {
        callers.forEach(BlockingCaller::close);
    }
}
