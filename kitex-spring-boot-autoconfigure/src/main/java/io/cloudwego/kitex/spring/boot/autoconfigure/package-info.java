/**
 * Spring Boot auto-configuration for kitex-java: {@link io.cloudwego.kitex.spring.boot.autoconfigure.KitexService
 * @KitexService} beans served by one server, {@link io.cloudwego.kitex.spring.boot.autoconfigure.KitexClient
 * @KitexClient} injection, and the {@code kitex.*} properties
 * ({@link io.cloudwego.kitex.spring.boot.autoconfigure.KitexProperties}).
 */
@NullMarked
package io.cloudwego.kitex.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
