package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.endpoint.Middleware;

/**
 * A {@link Middleware} bean that every client injected with {@link KitexClient @KitexClient} runs
 * around each call. Beans of this type are applied in {@link org.springframework.core.annotation.Order @Order}
 * order: the first runs outermost. A plain {@code Middleware} bean is applied nowhere; a bean
 * that is both a {@code KitexClientMiddleware} and a {@link KitexServerMiddleware} is applied on both
 * sides.
 */
@FunctionalInterface
public interface KitexClientMiddleware extends Middleware {
}
