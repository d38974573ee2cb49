package io.cloudwego.kitex.limit;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Enforces a server's {@link Limits}: every transport asks it once per accepted connection and
 * once per request, before decoding the request's args, and answers a refused request with its
 * protocol's over-limit error (an application exception of type 6 whose message is
 * {@link LimitKind#message()} over Thrift and Kitex Protobuf; {@code RESOURCE_EXHAUSTED} over gRPC).
 */
public final class Limiter {
    private final Limits limits;
    private final TokenBucket qps;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger concurrency = new AtomicInteger();
    private final Consumer<LimitKind> onRefusal;

    /**
     * @param limits the limits
     * @param onRefusal told of every connection and request refused, with the limit that refused it
     */
    public Limiter(Limits limits, Consumer<LimitKind> onRefusal) {
        this(limits, onRefusal, System::nanoTime);
    }

    Limiter(Limits limits, Consumer<LimitKind> onRefusal, LongSupplier nanoClock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.onRefusal = Objects.requireNonNull(onRefusal, "onRefusal");
        this.qps = limits.maxQps() > 0 ? new TokenBucket(limits.maxQps(), nanoClock) : null;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Counts a connection just accepted; {@code false} when it is one too many, and must be closed.
     * A connection counted must be {@link #releaseConnection() released} when it closes.
     */
    public boolean tryAcquireConnection() {
        int max = limits.maxConnections();
        if (max == 0) {
            return true;
        }
        if (connections.incrementAndGet() > max) {
            connections.decrementAndGet();
            onRefusal.accept(LimitKind.MAX_CONNECTIONS);
            return false;
        }
        return true;
    }

    /** Forgets a connection counted by {@link #tryAcquireConnection()}, once it has closed. */
    public void releaseConnection() {
        if (limits.maxConnections() > 0) {
            connections.decrementAndGet();
        }
    }

    /**
     * Admits one request, or refuses it when the server handles {@code maxConcurrency} requests
     * already or has used up its requests for this instant ({@code maxQps}). A granted permit must be
     * {@link Permit#release() released} once the request is answered.
     */
    public Permit tryAcquire() {
        Permit permit = Permit.FREE;
        int max = limits.maxConcurrency();
        if (max > 0) {
            if (concurrency.incrementAndGet() > max) {
                concurrency.decrementAndGet();
                return refuse(LimitKind.MAX_CONCURRENCY);
            }
            permit = Permit.held(this);
        }
        if (qps != null && !qps.tryTake()) {
            permit.release();
            return refuse(LimitKind.MAX_QPS);
        }
        return permit;
    }

    void releaseConcurrency() {
        concurrency.decrementAndGet();
    }

    private Permit refuse(LimitKind limit) {
        onRefusal.accept(limit);
        return Permit.refused(limit);
    }
}
