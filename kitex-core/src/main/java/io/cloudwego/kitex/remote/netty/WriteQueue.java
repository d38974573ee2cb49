package io.cloudwego.kitex.remote.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Batches writes from any thread onto a channel: one event-loop task writes everything queued and
 * flushes once, instead of one task and one flush system call per message.
 */
public final class WriteQueue implements Runnable {
    private static final int MAX_WRITES_PER_FLUSH = 128;

    private final Channel channel;
    /** Messages, or a {@link PromisedWrite} for a message whose outcome someone waits for. */
    private final Queue<Object> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public WriteQueue(Channel channel) {
        this.channel = channel;
    }

    /**
     * Queues {@code message} to be written and flushed soon. The queue owns it from now on.
     *
     * @param promise notified of the write's outcome, or {@code null} when nobody needs to know
     */
    public void enqueue(Object message, ChannelPromise promise) {
        queue.add(promise == null ? message : new PromisedWrite(message, promise));
        if (scheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this);
            } catch (RejectedExecutionException e) {
                drainFailed(e);
            }
        }
    }

    @Override
    public void run() {
        int written = 0;
        Object entry;
        while ((entry = queue.poll()) != null) {
            if (entry instanceof PromisedWrite write) {
                channel.write(write.message, write.promise);
            } else {
                channel.write(entry, channel.voidPromise());
            }
            if (++written == MAX_WRITES_PER_FLUSH) {
                channel.flush();
                written = 0;
            }
        }
        if (written > 0) {
            channel.flush();
        }
        scheduled.set(false);
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this);
        }
    }

    private void drainFailed(Throwable cause) {
        Object entry;
        while ((entry = queue.poll()) != null) {
            if (entry instanceof PromisedWrite write) {
                ReferenceCountUtil.release(write.message);
                write.promise.tryFailure(cause);
            } else {
                ReferenceCountUtil.release(entry);
            }
        }
        scheduled.set(false);
    }

    private record PromisedWrite(Object message, ChannelPromise promise) {
    }
}
