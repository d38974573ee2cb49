package io.cloudwego.kitex.remote.netty;

import io.netty.util.concurrent.EventExecutor;

/**
 * A flush that waits until the event loop has run the tasks queued before it was asked for: the
 * frames of every call that those tasks write leave in one write system call, not one each. Asked
 * for again before it ran, it still runs once. Event loop only.
 */
public final class DeferredFlush implements Runnable {
    private final EventExecutor eventLoop;
    private final Runnable flush;
    private boolean scheduled;

    /** A deferred {@code flush} on {@code eventLoop}. */
    public DeferredFlush(EventExecutor eventLoop, Runnable flush) {
        this.eventLoop = eventLoop;
        this.flush = flush;
    }

    /** Flushes once the tasks queued on the event loop before now have run. */
    public void request() {
        if (!scheduled) {
            scheduled = true;
            eventLoop.execute(this);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        flush.run();
    }
}
