package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.circuitbreak.CircuitBreakers;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClientListener;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClients;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Binds the circuit breakers of every client with breakers to the application's
 * {@link MeterRegistry}, as Resilience4j's own meters ({@code resilience4j.circuitbreaker.state},
 * {@code resilience4j.circuitbreaker.calls}, … tagged with the breaker's {@code name}:
 * {@code caller/callee/method} or {@code callee@host:port}).
 */
public final class KitexCircuitBreakerMetrics implements KitexClientListener {
    private final Supplier<@Nullable MeterRegistry> meterRegistry;

    /** @param meterRegistry the registry, or {@code null} when the application has none */
    public KitexCircuitBreakerMetrics(Supplier<@Nullable MeterRegistry> meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    @Override
    public void clientCreated(KitexClients.Entry entry) {
        CircuitBreakers breakers = entry.kitexClient().circuitBreakers();
        MeterRegistry registry = meterRegistry.get();
        if (breakers == null || registry == null) {
            return;
        }
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers.serviceBreakers()).bindTo(registry);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers.instanceBreakers()).bindTo(registry);
    }
}
