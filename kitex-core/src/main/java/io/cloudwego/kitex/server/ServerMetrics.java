package io.cloudwego.kitex.server;

import io.cloudwego.kitex.limit.LimitKind;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of a {@link KitexServer}: connections, requests, connections closed for bad input,
 * and connections and requests refused by its limits.
 */
public final class ServerMetrics {
    private final LongAdder connectionsAccepted = new LongAdder();
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final AtomicInteger inFlightRequests = new AtomicInteger();
    private final Map<String, LongAdder> protocolErrors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();

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

    /**
     * Connections and requests refused by the server's limits, by limit ({@code max-connections},
     * {@code max-qps}, {@code max-concurrency}).
     */
    public Map<String, Long> refusals() {
        Map<String, Long> snapshot = new TreeMap<>();
        refusals.forEach((reason, count) -> snapshot.put(reason, count.sum()));
        return snapshot;
    }

    /** The connections or requests refused so far by {@code limit}. */
    public long refusals(LimitKind limit) {
        LongAdder count = refusals.get(limit.reason());
        return count == null ? 0 : count.sum();
    }

    void refused(LimitKind limit) {
        refusals.computeIfAbsent(limit.reason(), r -> new LongAdder()).increment();
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
