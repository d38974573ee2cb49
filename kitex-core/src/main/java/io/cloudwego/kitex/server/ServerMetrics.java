package io.cloudwego.kitex.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of a {@link KitexServer}: connections, requests, and connections closed for bad input. */
public final class ServerMetrics {
    private final LongAdder connectionsAccepted = new LongAdder();
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final AtomicInteger inFlightRequests = new AtomicInteger();
    private final Map<String, LongAdder> protocolErrors = new ConcurrentHashMap<>();

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

    /** Requests decoded since start, oneway included. */
    public long requests() {
        return requests.sum();
    }

    /** Requests received whose handling or reply has not finished. */
    public int inFlightRequests() {
        return inFlightRequests.get();
    }

    /** Connections closed because of bad input, by reason (such as {@code frame-too-large}). */
    public Map<String, Long> protocolErrors() {
        Map<String, Long> snapshot = new TreeMap<>();
        protocolErrors.forEach((reason, count) -> snapshot.put(reason, count.sum()));
        return snapshot;
    }

    /** Connections closed because of bad input, all reasons together. */
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

    void protocolError(String reason) {
        protocolErrors.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }
}
