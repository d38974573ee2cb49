package io.cloudwego.kitex.spring.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean as the fallback of the Kitex service named {@link #value()}: the bean implements the
 * service interface, and its method answers a call of the same method that failed (an error, a
 * timeout, an open circuit), after any retries, in place of the error. Business answers of the
 * server (exceptions the IDL declares, biz status errors) still reach the caller.
 *
 * <pre>{@code
 * @Component
 * @KitexFallback("echo")
 * class EchoFallback implements EchoService {
 *     public String echo(String message) { return "echo is unavailable"; }
 * }
 * }</pre>
 *
 * <p>The annotation goes on the bean's class or on its {@code @Bean} method. A fallback runs on the thread that saw the failure, often an I/O thread: it should answer at
 * once. For a fallback that sees the error, register a
 * {@link io.cloudwego.kitex.client.Fallback} with a {@link KitexClientCustomizer}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KitexFallback {

    /** The name of the service whose failed calls this bean answers: the key under {@code kitex.client.services}. */
    String value();
}
