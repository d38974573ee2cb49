package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.limit.LimitKind;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.server.ServerMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of a server's live counters ({@link ServerMetrics}): {@code kitex.server.connections.active},
 * {@code kitex.server.connections.accepted}, {@code kitex.server.requests.active},
 * {@code kitex.server.protocol.errors} and {@code kitex.server.refusals} (tagged with the {@code limit}
 * that refused: {@code max-connections}, {@code max-qps} or {@code max-concurrency}).
 */
public final class KitexServerMetrics implements MeterBinder {
    private final KitexServer server;

    /** Meters of {@code server}. */
    public KitexServerMetrics(KitexServer server) {
        this.server = server;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        ServerMetrics metrics = server.metrics();
        Gauge.builder("kitex.server.connections.active", metrics, ServerMetrics::activeConnections)
            .description("Connections open now")
            .register(registry);
        FunctionCounter.builder("kitex.server.connections.accepted", metrics, ServerMetrics::connectionsAccepted)
            .description("Connections accepted since start")
            .register(registry);
        Gauge.builder("kitex.server.requests.active", metrics, ServerMetrics::inFlightRequests)
            .description("Requests whose handling or reply has not finished")
            .register(registry);
        FunctionCounter.builder("kitex.server.protocol.errors", metrics, ServerMetrics::protocolErrorCount)
            .description("Connections closed because of bad input")
            .register(registry);
        for (LimitKind limit : LimitKind.values()) {
            FunctionCounter.builder("kitex.server.refusals", metrics, m -> m.refusals(limit))
                .description("Connections and requests refused by the server's limits")
                .tag("limit", limit.reason())
                .register(registry);
        }
    }
}
