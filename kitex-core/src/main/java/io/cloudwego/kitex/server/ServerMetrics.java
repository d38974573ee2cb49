package io.cloudwego.kitex.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of a {@link KitexServer}: connections, requests, bad input, and gRPC write queues. */
public final class ServerMetrics {
    private final LongAdder connectionsAccepted = new LongAdder();
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final AtomicInteger inFlightRequests = new AtomicInteger();
    private final Map<String, LongAdder> protocolErrors = new ConcurrentHashMap<>();
    private final AtomicLong grpcQueuedWriteBytes = new AtomicLong();
    private final AtomicLong grpcQueuedWriteBytesPeak = new AtomicLong();

    ServerMetrics() {
    }

    /** Connections accepted since start. */
    public long connectionsAccepted() {
        return connectionsAccepted.sum();
    }

    /** Connections open now. */
    public int activeConnections() {
        return activeConnections.get();
    }

    /**
     * Bytes of gRPC response messages queued for write on all streams now: waiting for the client's
     * flow-control window or for the socket.
     */
    public long grpcQueuedWriteBytes() {
        return grpcQueuedWriteBytes.get();
    }

    /** The largest {@link #grpcQueuedWriteBytes()} seen since start. */
    public long grpcQueuedWriteBytesPeak() {
        return grpcQueuedWriteBytesPeak.get();
    }

    /** Requests decoded since start, oneway included; for gRPC, calls started. */
    public long requests() {
        return requests.sum();
    }

    /** Requests received whose handling or reply has not finished. */
    public int inFlightRequests() {
        return inFlightRequests.get();
    }

    /**
     * Bad input, by reason (such as {@code frame-too-large}): connections closed for it, and gRPC
     * streams ended for it (reasons starting with {@code grpc-} or {@code http2-stream-}).
     */
    public Map<String, Long> protocolErrors() {
        Map<String, Long> snapshot = new TreeMap<>();
        protocolErrors.forEach((reason, count) -> snapshot.put(reason, count.sum()));
        return snapshot;
    }

    /** Bad input, all reasons together. */
    public long protocolErrorCount() {
        return protocolErrors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    void connectionOpened() {
        connectionsAccepted.increment();
        activeConnections.incrementAndGet();
    }

    void connectionClosed() {
        activeConnections.decrementAndGet();
    }

    void requestStarted() {
        requests.increment();
        inFlightRequests.incrementAndGet();
    }

    void requestFinished() {
        inFlightRequests.decrementAndGet();
    }

    void grpcWriteQueued(long delta) {
        long now = grpcQueuedWriteBytes.addAndGet(delta);
        if (delta > 0) {
            grpcQueuedWriteBytesPeak.accumulateAndGet(now, Math::max);
        }
    }

    void protocolError(String reason) {
        protocolErrors.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }
}
