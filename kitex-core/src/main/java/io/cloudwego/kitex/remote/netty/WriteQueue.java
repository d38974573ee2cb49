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
    private final Queue<Object[]> queue = PlatformDependent.newMpscQueue();
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
        queue.add(new Object[] {message, promise});
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
        Object[] entry;
        while ((entry = queue.poll()) != null) {
            ChannelPromise promise = (ChannelPromise) entry[1];
            channel.write(entry[0], promise == null ? channel.voidPromise() : promise);
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
        Object[] entry;
        while ((entry = queue.poll()) != null) {
            ReferenceCountUtil.release(entry[0]);
            if (entry[1] != null) {
                ((ChannelPromise) entry[1]).tryFailure(cause);
            }
        }
        scheduled.set(false);
    }
}
