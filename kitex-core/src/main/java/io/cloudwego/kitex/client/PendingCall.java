package io.cloudwego.kitex.client;

import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.remote.MethodPayload;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.netty.util.Timeout;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;

/**
 * A call from the moment it is issued until it completes: it completes exactly once, by reply,
 * error or timeout, and then gives its connection back to the pool. A failure before any byte of
 * the request could have reached a server ({@link TransparentRetry#applies}) does not complete it
 * while its transparent retries last: the call is sent again, to another instance if there is one.
 */
final class PendingCall {
    private static final AtomicIntegerFieldUpdater<PendingCall> DONE =
        AtomicIntegerFieldUpdater.newUpdater(PendingCall.class, "done");
    private static final AtomicReferenceFieldUpdater<PendingCall, ClientConnection> CONNECTION =
        AtomicReferenceFieldUpdater.newUpdater(PendingCall.class, ClientConnection.class, "connection");

    /** Sends a call again after a failure that never left the client; one per client. */
    interface Resender {
        /** How many times a call may be sent again, now. */
        int maxResends();

        /** Sends {@code call} again, to a new pick. */
        void resend(PendingCall call);
    }

    final RpcInfo info;
    /** How the request is written and the reply read. */
    final MethodPayload payload;
    /** The call's args, sent again as they are. */
    final Object args;
    final CompletableFuture<Object> result = new CompletableFuture<>();
    private final ConnectionPool pool;
    private volatile int done;
    private volatile ClientConnection connection;
    private volatile int seqId;
    private volatile Timeout timeout;
    private volatile Consumer<Throwable> finishListener;
    private volatile boolean written;
    private final Resender resender;
    private final TransparentRetry transparentRetry = new TransparentRetry();

    /** @param resender sends the call again after each failure that never left the client, as often as it allows */
    PendingCall(RpcInfo info, MethodPayload payload, Object args, ConnectionPool pool, Resender resender) {
        this.info = info;
        this.payload = payload;
        this.args = args;
        this.pool = pool;
        this.resender = resender;
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
        this.seqId = seqId;
        this.written = false;
        this.connection = connection;
    }

    /** The request has been written to its connection: from now on it may reach the server. */
    void written() {
        written = true;
    }

    boolean isWritten() {
        return written;
    }

    /** The instances where the call failed without reaching them, for its next pick to pass over. */
    Set<SocketAddress> unsentTo() {
        return transparentRetry.unsentTo();
    }

    /**
     * Fails the call, sent or about to be sent on {@code on}, with {@code error}, unless it has moved
     * to another connection since; or sends it again when the error never left the client.
     */
    void failOn(ClientConnection on, Throwable error) {
        if (connection != on || isDone()) {
            return;
        }
        if (maySendAgainAfter(error)) {
            if (!CONNECTION.compareAndSet(this, on, null)) {
                return;
            }
            on.forget(this);
            pool.release(on, false);
            sendAgain(error);
            return;
        }
        fail(error);
    }

    /** Fails the call, not yet sent, with {@code error}; or sends it again when the error never left the client. */
    void failUnsent(Throwable error) {
        if (isDone()) {
            return;
        }
        if (maySendAgainAfter(error)) {
            sendAgain(error);
            return;
        }
        fail(error);
    }

    private boolean maySendAgainAfter(Throwable error) {
        return transparentRetry.allows(error, resender.maxResends());
    }

    private void sendAgain(Throwable error) {
        transparentRetry.resending(info.callee().address());
        // The instance's circuit breaker hears of the failure now; the next pick gives a listener of its own.
        Consumer<Throwable> listener = finishListener;
        finishListener = null;
        if (listener != null) {
            listener.accept(error);
        }
        resender.resend(this);
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
        ClientConnection c = CONNECTION.getAndSet(this, null);
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
