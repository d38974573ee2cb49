package io.cloudwego.kitex.spring.boot.autoconfigure.discovery;

import io.cloudwego.kitex.discovery.Resolver;
import io.cloudwego.kitex.registry.Registry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of Kitex's Spring Cloud integration, when Spring Cloud Commons is present:
 *
 * <ul>
 *   <li>with a {@link DiscoveryClient}, a {@link DiscoveryClientResolver}: the {@link Resolver} of
 *       clients whose service has no addresses;
 *   <li>with a {@link ServiceRegistry} (unless {@code kitex.server.registry.enabled=false}), a
 *       {@link ServiceRegistryRegistry}: the {@link Registry} the server registers with.
 * </ul>
 *
 * A {@code Resolver} or {@code Registry} bean of the application's replaces the one made here.
 */
@AutoConfiguration(afterName = {
    "org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
    "org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration",
    "org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration"})
@ConditionalOnClass(DiscoveryClient.class)
public final class KitexDiscoveryAutoConfiguration {

    @Bean
    @ConditionalOnBean(DiscoveryClient.class)
    @ConditionalOnMissingBean(Resolver.class)
    DiscoveryClientResolver kitexDiscoveryClientResolver(DiscoveryClient discoveryClient) {
        return new DiscoveryClientResolver(discoveryClient);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnSingleCandidate(ServiceRegistry.class)
    @ConditionalOnBooleanProperty(name = "kitex.server.registry.enabled", matchIfMissing = true)
    static class RegistryConfiguration {

        @Bean
        @ConditionalOnMissingBean(Registry.class)
        ServiceRegistryRegistry kitexServiceRegistryRegistry(ServiceRegistry<?> serviceRegistry,
                                                             ObjectProvider<KitexRegistrationFactory> registrationFactory,
                                                             ObjectProvider<InetUtils> inetUtils) {
            return new ServiceRegistryRegistry(serviceRegistry, registrationFactory.getIfUnique(), () -> {
                InetUtils utils = inetUtils.getIfAvailable();
                return utils != null ? utils.findFirstNonLoopbackHostInfo().getIpAddress() : localHost();
            });
        }

        private static String localHost() {
            try {
                return InetAddress.getLocalHost().getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("no address of this host to register the Kitex server at", e);
            }
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.springframework.cloud.zookeeper.serviceregistry.ZookeeperRegistration")
        @ConditionalOnBean(type = "org.springframework.cloud.zookeeper.serviceregistry.ZookeeperServiceRegistry")
        static class ZookeeperConfiguration {

            @Bean
            @ConditionalOnMissingBean
            KitexRegistrationFactory kitexZookeeperRegistrationFactory() {
                return new ZookeeperRegistrationFactory();
            }
        }
    }
}
