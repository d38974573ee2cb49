package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexAutoConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerAutoConfiguration;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Auto-configuration of Kitex's Micrometer integration: observations of server and client calls
 * when the application has an {@link ObservationRegistry}, meters of the server's and the clients' live
 * counters, and Resilience4j's meters of the clients' circuit breakers.
 * The observation middleware runs at order 0, around middleware of a later order (the default).
 */
@AutoConfiguration(after = {KitexAutoConfiguration.class, KitexServerAutoConfiguration.class},
    afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
public final class KitexMicrometerAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    @ConditionalOnBean(ObservationRegistry.class)
    static class ObservationConfiguration {

        @Bean
        @Order(0)
        @ConditionalOnMissingBean
        KitexServerObservationMiddleware kitexServerObservationMiddleware(ObservationRegistry registry,
                ObjectProvider<KitexServerObservationConvention> convention) {
            return new KitexServerObservationMiddleware(registry, convention.getIfUnique());
        }

        @Bean
        @Order(0)
        @ConditionalOnMissingBean
        KitexClientObservationMiddleware kitexClientObservationMiddleware(ObservationRegistry registry,
                ObjectProvider<KitexClientObservationConvention> convention) {
            return new KitexClientObservationMiddleware(registry, convention.getIfUnique());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    @ConditionalOnBean(KitexServer.class)
    static class ServerMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        KitexServerMetrics kitexServerMetrics(KitexServer server) {
            return new KitexServerMetrics(server);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class ClientMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        KitexClientMetrics kitexClientMetrics(ObjectProvider<MeterRegistry> meterRegistry) {
            return new KitexClientMetrics(meterRegistry::getIfUnique);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, TaggedCircuitBreakerMetrics.class})
    static class CircuitBreakerMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        KitexCircuitBreakerMetrics kitexCircuitBreakerMetrics(ObjectProvider<MeterRegistry> meterRegistry) {
            return new KitexCircuitBreakerMetrics(meterRegistry::getIfUnique);
        }
    }
}
