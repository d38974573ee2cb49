package io.cloudwego.kitex.internal;

import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in the order submitted, on an underlying executor: the callbacks of one
 * call never overlap, whatever thread submits them. Shared by the gRPC server and client. Not public API.
 */
public final class SerialExecutor implements Executor, Runnable {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final Queue<Runnable> tasks = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    /**
     * Queues {@code task}. If the underlying executor refuses to run the queue, the refusal is
     * rethrown and the tasks stay queued: the caller ends the call and then drains them with
     * {@link #run()} (each task notices the ended call and only releases what it holds).
     */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                delegate.execute(this);
            } catch (RuntimeException e) {
                scheduled.set(false);
                throw e;
            }
        }
    }

    @Override
    public void run() {
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    log.warn("call callback failed", e);
                }
            }
        } finally {
            scheduled.set(false);
        }
        if (!tasks.isEmpty()) {
            schedule();
        }
    }
}
