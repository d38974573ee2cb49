package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.discovery.Resolver;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.loadbalance.LoadBalancer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;

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
            loadBalancers.getIfUnique(), listeners.orderedStream().toList(),
            (serviceName, serviceType) -> fallbackOf(beanFactory, serviceName, serviceType));
    }

    /** The {@link KitexFallback @KitexFallback} bean of a service that implements its interface, or {@code null}. */
    static Object fallbackOf(ListableBeanFactory beanFactory, String serviceName, Class<?> serviceType) {
        List<String> names = new ArrayList<>();
        for (String name : beanFactory.getBeanNamesForAnnotation(KitexFallback.class)) {
            KitexFallback fallback = beanFactory.findAnnotationOnBean(name, KitexFallback.class);
            if (fallback != null && fallback.value().equals(serviceName) && beanFactory.isTypeMatch(name, serviceType)) {
                names.add(name);
            }
        }
        if (names.size() > 1) {
            throw new IllegalStateException("service " + serviceName + " has more than one @KitexFallback bean "
                + "implementing " + serviceType.getName() + ": " + names);
        }
        return names.isEmpty() ? null : beanFactory.getBean(names.get(0));
    }

    /**
     * Applies changed {@code kitex.client.*} timeouts and retries to the clients when Spring Cloud
     * announces that the environment changed (a refresh, a config server update).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(EnvironmentChangeEvent.class)
    static class KitexClientsRefreshConfiguration {

        @Bean
        ApplicationListener<EnvironmentChangeEvent> kitexClientsRefresh(KitexClients clients, Environment environment) {
            return event -> {
                if (event.getKeys().stream().noneMatch(key -> key.toLowerCase(Locale.ROOT).startsWith("kitex"))) {
                    return;
                }
                refresh(clients, environment);
            };
        }
    }

    /**
     * Binds {@code kitex.*} again from {@code environment} and applies the clients' new timeouts and
     * retries; when a value is wrong, logs it under its property name and changes nothing.
     */
    static void refresh(KitexClients clients, Environment environment) {
        KitexProperties properties;
        try {
            properties = Binder.get(environment).bindOrCreate("kitex", KitexProperties.class);
        } catch (RuntimeException e) {
            log.error("kitex.* properties changed but could not be bound; the clients keep their settings", e);
            return;
        }
        BindingResult errors = new BeanPropertyBindingResult(properties, "kitex");
        properties.validate(properties, errors);
        if (errors.hasErrors()) {
            log.error("kitex.* properties changed to values that are not valid; the clients keep their settings: {}",
                errors.getFieldErrors().stream().map(e -> "kitex." + e.getField() + " " + e.getDefaultMessage()
                    + " (" + e.getRejectedValue() + ")").toList());
            return;
        }
        try {
            clients.refresh(properties.client());
            log.info("kitex clients now use the changed kitex.client.* timeouts and retries");
        } catch (IllegalStateException e) {
            log.error("kitex.client.* properties changed but do not fit a client; the clients keep their settings: {}",
                e.getMessage());
        }
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
