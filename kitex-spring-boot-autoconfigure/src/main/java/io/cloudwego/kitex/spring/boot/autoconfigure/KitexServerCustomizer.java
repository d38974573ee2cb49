package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.server.KitexServer;

/**
 * Tweaks the builder of the auto-configured {@link KitexServer} after the {@code kitex.server.*}
 * properties, the {@link KitexService @KitexService} beans and the middleware have been applied.
 * Customizer beans run in {@link org.springframework.core.annotation.Order @Order} order.
 */
@FunctionalInterface
public interface KitexServerCustomizer {

    /** Customizes {@code builder}. */
    void customize(KitexServer.Builder builder);
}
