package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.server.HandlerExecution;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean as the implementation of a Kitex service, to be served by the application's Kitex
 * server.
 *
 * <p>The bean's class implements a service interface: an interface with a {@code DESCRIPTOR}
 * constant holding its {@link io.cloudwego.kitex.serviceinfo.ServiceDescriptor}, as generated
 * code has. A bean implementing several service interfaces serves each of them. Every
 * {@code @KitexService} bean of the context is served by one server on {@code kitex.server.port};
 * without any, no server is started.
 *
 * <p>On a class, this annotation is also a {@link Component @Component}, so component scanning
 * finds it. It may instead annotate a {@code @Bean} method:
 *
 * <pre>{@code
 * @KitexService
 * class EchoServiceImpl implements EchoService { ... }
 *
 * @Bean
 * @KitexService(execution = HandlerExecution.EVENT_LOOP)
 * EchoService echoService() { return new NonBlockingEcho(); }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface KitexService {

    /** The bean name, when the annotated class is found by component scanning; default derived from the class name. */
    @AliasFor(annotation = Component.class)
    String value() default "";

    /**
     * Where the service's handlers run: on the server's handler executor (they may block), or on
     * the connection's I/O thread for handlers that never block.
     */
    HandlerExecution execution() default HandlerExecution.EXECUTOR;
}
