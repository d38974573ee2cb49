package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.server.KitexServer;
import java.util.Map;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Starts the {@link KitexServer} bean once the application context is refreshed, and stops it
 * gracefully when the context closes: in-flight calls get up to the server's exit wait time
 * ({@code kitex.server.exit-wait-time}) to complete. Once the server listens, its port is the
 * property {@value #PORT_PROPERTY}.
 */
public final class KitexServerLifecycle implements SmartLifecycle {

    /** The property holding the port the server listens on, set when it starts. */
    public static final String PORT_PROPERTY = "local.kitex.server.port";

    /**
     * The lifecycle phase: above the web server's (which starts before the Kitex server and stops
     * after it) and below the default phase (whose components start after it and stop before it).
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final String PROPERTY_SOURCE = "kitex.server.ports";

    private final KitexServer server;
    private final Environment environment;

    /** Manages {@code server}, publishing its port in {@code environment}. */
    public KitexServerLifecycle(KitexServer server, Environment environment) {
        this.server = server;
        this.environment = environment;
    }

    @Override
    public void start() {
        server.start();
        if (environment instanceof ConfigurableEnvironment configurable) {
            MutablePropertySources sources = configurable.getPropertySources();
            MapPropertySource ports = new MapPropertySource(PROPERTY_SOURCE, Map.of(PORT_PROPERTY, server.port()));
            if (sources.contains(PROPERTY_SOURCE)) {
                sources.replace(PROPERTY_SOURCE, ports);
            } else {
                sources.addFirst(ports);
            }
        }
    }

    @Override
    public void stop() {
        server.stop();
    }

    @Override
    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
