package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.endpoint.Middleware;

/**
 * A {@link Middleware} bean that the auto-configured server runs around every handler of every
 * service. Beans of this type are applied in {@link org.springframework.core.annotation.Order @Order}
 * order: the first runs outermost. A plain {@code Middleware} bean is applied nowhere; a bean
 * that is both a {@code KitexServerMiddleware} and a {@link KitexClientMiddleware} is applied on both
 * sides.
 */
@FunctionalInterface
public interface KitexServerMiddleware extends Middleware {
}
