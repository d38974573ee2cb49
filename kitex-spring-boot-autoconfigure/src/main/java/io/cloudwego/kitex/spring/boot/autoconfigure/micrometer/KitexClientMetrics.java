package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClientListener;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClients;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Meters of every client's live counters: {@code kitex.client.transparent.retries}, tagged with the
 * client's {@code service}: calls sent again, to another instance when there was one, after a
 * failure that never left the client ({@link KitexClient#transparentRetries()}).
 */
public final class KitexClientMetrics implements KitexClientListener {
    private final Supplier<@Nullable MeterRegistry> meterRegistry;

    /** @param meterRegistry the registry, or {@code null} when the application has none */
    public KitexClientMetrics(Supplier<@Nullable MeterRegistry> meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    @Override
    public void clientCreated(KitexClients.Entry entry) {
        MeterRegistry registry = meterRegistry.get();
        if (registry == null) {
            return;
        }
        FunctionCounter.builder("kitex.client.transparent.retries", entry.kitexClient(), KitexClient::transparentRetries)
            .description("calls sent again after a failure that never left the client")
            .tag("service", entry.serviceName())
            .register(registry);
    }
}
