package io.cloudwego.kitex.client;

import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.remote.MethodPayload;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.netty.util.Timeout;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

/**
 * A call from the moment it is issued until it completes: it completes exactly once, by reply,
 * error or timeout, and then gives its connection back to the pool.
 */
final class PendingCall {
    private static final AtomicIntegerFieldUpdater<PendingCall> DONE =
        AtomicIntegerFieldUpdater.newUpdater(PendingCall.class, "done");

    final RpcInfo info;
    /** How the request is written and the reply read. */
    final MethodPayload payload;
    final CompletableFuture<Object> result = new CompletableFuture<>();
    private final ConnectionPool pool;
    private volatile int done;
    private volatile ClientConnection connection;
    private volatile int seqId;
    private volatile Timeout timeout;
    private volatile Consumer<Throwable> finishListener;

    PendingCall(RpcInfo info, MethodPayload payload, ConnectionPool pool) {
        this.info = info;
        this.payload = payload;
        this.pool = pool;
    }

    boolean isDone() {
        return done != 0;
    }

    void timeout(Timeout timeout) {
        this.timeout = timeout;
    }

    /** Has {@code listener} told the call's error ({@code null} on success) as it ends, before its result completes. */
    void onFinish(Consumer<Throwable> listener) {
        this.finishListener = listener;
    }

    /** Binds the call to the connection it is written to, under {@code seqId}. */
    void bind(ClientConnection connection, int seqId) {
        this.connection = connection;
        this.seqId = seqId;
    }

    int seqId() {
        return seqId;
    }

    void complete(Object value) {
        finish(value, null, true);
    }

    void fail(Throwable error) {
        finish(null, error, true);
    }

    /** Fails the call with a timeout; its connection is not reused when calls on it are not multiplexed. */
    void timedOut(Duration timeout) {
        finish(null, new RpcTimeoutException(info.method(), timeout), false);
    }

    /**
     * Abandons the call: a reply that comes later is dropped, as after a timeout, and the connection
     * is not reused when calls on it are not multiplexed.
     */
    void cancel() {
        finish(null, new CancellationException(info.method() + " attempt " + info.attempt() + " was cancelled"), false);
    }

    private void finish(Object value, Throwable error, boolean connectionReusable) {
        if (!DONE.compareAndSet(this, 0, 1)) {
            return;
        }
        Timeout t = timeout;
        if (t != null) {
            t.cancel();
        }
        ClientConnection c = connection;
        if (c != null) {
            c.forget(this);
            pool.release(c, connectionReusable);
        }
        info.stats().finish();
        Consumer<Throwable> listener = finishListener;
        try {
            if (listener != null) {
                listener.accept(error);
            }
        } finally {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error);
            }
        }
    }
}
