package io.cloudwego.kitex.spring.boot.autoconfigure.actuate;

import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.server.ServerMetrics;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Up while the Kitex server is serving, with its port and open connections; down otherwise. */
public final class KitexHealthIndicator implements HealthIndicator {
    private final KitexServer server;

    /** The health of {@code server}. */
    public KitexHealthIndicator(KitexServer server) {
        this.server = server;
    }

    @Override
    public Health health() {
        if (!server.isRunning()) {
            return Health.down().withDetail("reason", "the Kitex server is not serving").build();
        }
        ServerMetrics metrics = server.metrics();
        return Health.up()
            .withDetail("port", server.port())
            .withDetail("activeConnections", metrics.activeConnections())
            .build();
    }
}
