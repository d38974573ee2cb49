package io.cloudwego.kitex.bench.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A closed loop over an {@link AsyncCaller}: {@code inFlight} calls are started, and each one that
 * ends starts the next from the thread that completed it, until the window ends. A call that ends
 * inside {@code call()} itself (a failure found at once) hands the next one to a helper thread, so
 * the stack never grows.
 */
public final class AsyncLoad implements LoadGenerator {
    private final AsyncCaller caller;
    private final int inFlight;
    private final AutoCloseable resources;
    private final ThreadLocal<Boolean> insideCall = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private final ExecutorService restarter = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "bench-restart");
        thread.setDaemon(true);
        return thread;
    });

    /** Load through {@code caller}; {@code resources} (the client) are closed with this. */
    public AsyncLoad(AsyncCaller caller, int inFlight, AutoCloseable resources) {
        this.caller = caller;
        this.inFlight = inFlight;
        this.resources = resources;
    }

    @Override
    public void run(Window window) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(inFlight);
        for (int i = 0; i < inFlight; i++) {
            start(window, stopped);
        }
        window.awaitEnd();
        // Calls still in flight when the window closes are not waited for long: they are not counted.
        stopped.await(2, TimeUnit.SECONDS);
    }

    private void start(Window window, CountDownLatch stopped) {
        long start = System.nanoTime();
        insideCall.set(Boolean.TRUE);
        try {
            caller.call(error -> {
                long end = System.nanoTime();
                if (error == null) {
                    window.recordCall(start, end);
                } else {
                    window.recordError(error);
                }
                if (!window.isOpen(end)) {
                    stopped.countDown();
                } else if (insideCall.get()) {
                    restarter.execute(() -> start(window, stopped));
                } else {
                    start(window, stopped);
                }
            });
        } catch (RuntimeException e) {
            window.recordError(e);
            stopped.countDown();
        } finally {
            insideCall.set(Boolean.FALSE);
        }
    }

    @Override
    public void close() throws Exception {
        restarter.shutdownNow();
        resources.close();
    }
}
