package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.client.KitexClient;

/**
 * Tweaks the builder of every client injected with
 * {@link io.cloudwego.kitex.spring.boot.autoconfigure.KitexClient @KitexClient}, after the
 * {@code kitex.client.*} properties and the middleware have been applied.
 * Customizer beans run in {@link org.springframework.core.annotation.Order @Order} order.
 */
@FunctionalInterface
public interface KitexClientCustomizer {

    /** Customizes {@code builder}, which builds a client of the service named {@code serviceName}. */
    void customize(String serviceName, KitexClient.Builder builder);
}
