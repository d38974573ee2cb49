/**
 * Spring Boot auto-configuration for kitex-java: {@link KitexService @KitexService} beans served by
 * one server, {@link KitexClient @KitexClient} injection, and the {@code kitex.*} properties
 * ({@link KitexProperties}).
 */
@NullMarked
package io.cloudwego.kitex.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
