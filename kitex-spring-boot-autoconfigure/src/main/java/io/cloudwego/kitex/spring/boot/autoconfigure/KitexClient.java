package io.cloudwego.kitex.spring.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Injects a client of the Kitex service named {@link #value()}, configured by
 * {@code kitex.client.services.<name>.*} over {@code kitex.client.defaults.*}.
 *
 * <p>The annotated field or parameter has the type of a service interface (blocking calls) or of
 * its nested {@code Async} interface (calls returning {@code CompletableFuture}). The interface has
 * a {@code DESCRIPTOR} constant and a generated {@code <Service>Client} class beside it, as
 * generated code has. Fields, constructor parameters and {@code @Bean} method parameters are
 * injected:
 *
 * <pre>{@code
 * @KitexClient("echo")
 * EchoService echo;
 *
 * OrderController(@KitexClient("echo") EchoService.Async echo) { ... }
 * }</pre>
 *
 * <p>Injection points naming the same service and interface share one client, whichever form
 * (blocking or {@code Async}) they ask for; the client is closed with the application context.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Autowired
public @interface KitexClient {

    /** The name of the service called: the key under {@code kitex.client.services}. */
    String value();
}
