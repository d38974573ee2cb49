package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.registry.Registry;
import io.cloudwego.kitex.server.KitexServer;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the server of the {@link KitexService @KitexService} beans: one
 * {@link KitexServer} for all of them, started with the application context by a
 * {@link KitexServerLifecycle}. Without such beans, no server. With a {@link Registry} bean (made
 * from Spring Cloud's ServiceRegistry when there is one), the server registers once it listens and
 * deregisters first when it stops. A {@code KitexServer} bean of the application's replaces this one,
 * and is started and stopped the same way.
 */
@AutoConfiguration(after = KitexAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "kitex.server.enabled", matchIfMissing = true)
public final class KitexServerAutoConfiguration {

    @Bean
    @ConditionalOnBean(KitexServer.class)
    @ConditionalOnMissingBean
    KitexServerLifecycle kitexServerLifecycle(KitexServer server, Environment environment) {
        return new KitexServerLifecycle(server, environment);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(annotation = KitexService.class)
    @ConditionalOnMissingBean(KitexServer.class)
    static class ServerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        KitexServices kitexServices(ListableBeanFactory beanFactory) {
            return KitexServices.fromAnnotatedBeans(beanFactory);
        }

        @Bean
        KitexHandlerExecutor kitexHandlerExecutor(Environment environment) {
            return KitexHandlerExecutor.of(environment);
        }

        @Bean
        KitexServer kitexServer(KitexProperties properties, KitexServices services, KitexHandlerExecutor handlerExecutor,
                                ObjectProvider<KitexServerMiddleware> middleware, ObjectProvider<Registry> registry,
                                ObjectProvider<KitexServerCustomizer> customizers, Environment environment) {
            KitexProperties.Server server = properties.server();
            KitexServer.Builder builder = KitexServer.builder()
                .host(server.host())
                .port(server.port())
                .exitWaitTime(server.exitWaitTime())
                .idleTimeout(server.idleTimeout())
                .maxFrameSize((int) server.maxFrameSize().toBytes())
                .maxGrpcMessageSize((int) server.maxGrpcMessageSize().toBytes())
                .honorRpcTimeout(server.honorRpcTimeout());
            if (server.ioThreads() != null) {
                builder.ioThreads(server.ioThreads());
            }
            String applicationName = environment.getProperty(KitexAutoConfiguration.APPLICATION_NAME);
            if (StringUtils.hasText(applicationName)) {
                builder.serviceName(applicationName);
            }
            services.registerWith(builder);
            builder.middleware(middleware.orderedStream().toArray(Middleware[]::new));
            KitexProperties.RegistrySettings registration = server.registry();
            if (registration.enabled()) {
                registry.ifUnique(r -> builder.registry(r).registryWeight(registration.weight())
                    .registryTags(registration.tags()));
            }
            handlerExecutor.applyTo(builder);
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            return builder.build();
        }
    }
}
