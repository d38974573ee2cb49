package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.discovery.Resolver;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.loadbalance.LoadBalancer;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of kitex-java's properties and of the clients injected with
 * {@link io.cloudwego.kitex.spring.boot.autoconfigure.KitexClient @KitexClient}.
 */
@AutoConfiguration
@EnableConfigurationProperties(KitexProperties.class)
public final class KitexAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(KitexAutoConfiguration.class);

    /** The property holding the application's service name, which servers and clients send as theirs. */
    static final String APPLICATION_NAME = "spring.application.name";

    @Bean
    static BeanFactoryPostProcessor kitexClientInjection() {
        return new KitexClientAutowireCandidateResolver.Installer();
    }

    @Bean
    @ConditionalOnMissingBean
    KitexClients kitexClients(KitexProperties properties, Environment environment,
                              ObjectProvider<Resolver> resolver, ObjectProvider<KitexClientMiddleware> middleware,
                              ObjectProvider<KitexClientCustomizer> customizers,
                              ObjectProvider<LoadBalancer> loadBalancers, ListableBeanFactory beanFactory,
                              ObjectProvider<KitexClientListener> listeners) {
        return new KitexClients(properties.client(), environment, environment.getProperty(APPLICATION_NAME),
            resolver.getIfUnique(), middleware.orderedStream().toList(), customizers.orderedStream().toList(),
            name -> beanFactory.containsBean(name) && beanFactory.isTypeMatch(name, LoadBalancer.class)
                ? beanFactory.getBean(name, LoadBalancer.class) : null,
            loadBalancers.getIfUnique(), listeners.orderedStream().toList());
    }

    /** Warns of {@link Middleware} beans that are neither server nor client middleware, and so run nowhere. */
    @Bean
    SmartInitializingSingleton kitexMiddlewareCheck(ListableBeanFactory beanFactory) {
        return () -> {
            List<String> unapplied = Arrays.stream(beanFactory.getBeanNamesForType(Middleware.class, true, false))
                .filter(name -> !beanFactory.isTypeMatch(name, KitexServerMiddleware.class)
                    && !beanFactory.isTypeMatch(name, KitexClientMiddleware.class))
                .toList();
            if (!unapplied.isEmpty()) {
                log.warn("Middleware beans {} run nowhere: declare them as {} or {}", unapplied,
                    KitexServerMiddleware.class.getSimpleName(), KitexClientMiddleware.class.getSimpleName());
            }
        };
    }
}
