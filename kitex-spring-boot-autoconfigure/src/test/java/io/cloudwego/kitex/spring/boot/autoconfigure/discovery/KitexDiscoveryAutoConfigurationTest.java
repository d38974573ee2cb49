package io.cloudwego.kitex.spring.boot.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.discovery.Resolver;
import io.cloudwego.kitex.errors.NoInstanceException;
import io.cloudwego.kitex.registry.Registry;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexAutoConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClients;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerAutoConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceImpl;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring Cloud bridges under each condition: Spring Cloud Commons' own SimpleDiscoveryClient
 * (instances listed in properties) in front of a real Kitex server, and a ServiceRegistry that
 * records what it is given.
 */
class KitexDiscoveryAutoConfigurationTest {
    private static final String PROTOCOLS = "ttheader,ttheader-framed,framed,buffered,grpc";

    private static KitexServer server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class, KitexServerAutoConfiguration.class,
            KitexDiscoveryAutoConfiguration.class, UtilAutoConfiguration.class,
            SimpleDiscoveryClientAutoConfiguration.class, CompositeDiscoveryClientAutoConfiguration.class));

    @BeforeAll
    static void startServer() {
        server = KitexServer.builder().host("127.0.0.1").port(0)
            .service(GreeterService.DESCRIPTOR, new GreeterServiceImpl()).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    /** Properties listing, in the SimpleDiscoveryClient, an HTTP instance of greeter and a Kitex one at {@code kitexPort}. */
    private static String[] greeterInstances(int kitexPort) {
        String instances = "spring.cloud.discovery.client.simple.instances.greeter";
        return new String[] {
            instances + "[0].uri=http://127.0.0.1:8080",
            instances + "[1].uri=http://127.0.0.1:8081",
            instances + "[1].metadata[" + KitexMetadata.PORT + "]=" + kitexPort,
            instances + "[1].metadata[" + KitexMetadata.WEIGHT + "]=20",
            instances + "[1].metadata.zone=z1",
        };
    }

    @Test
    void aServiceWithoutAddressesResolvesThroughTheDiscoveryClient() {
        runner.withPropertyValues(greeterInstances(server.port())).run(context -> {
            assertThat(context).hasSingleBean(DiscoveryClientResolver.class);
            KitexClients clients = context.getBean(KitexClients.class);
            assertThat(clients.get("greeter", GreeterService.class).greet("discovery")).isEqualTo("hello, discovery");

            KitexClients.Entry entry = clients.entries().get(0);
            assertThat(entry.addresses()).isEmpty();
            assertThat(entry.kitexClient().instances()).containsExactly(new Instance(
                new InetSocketAddress("127.0.0.1", server.port()), 20,
                Map.of(KitexMetadata.PORT, Integer.toString(server.port()), "zone", "z1")));
        });
    }

    @Test
    void staticAddressesWinOverDiscovery() {
        int nobodyListens = 1;
        runner.withPropertyValues(greeterInstances(nobodyListens))
            .withPropertyValues("kitex.client.services.greeter.addresses=127.0.0.1:" + server.port())
            .run(context -> {
                KitexClients clients = context.getBean(KitexClients.class);
                assertThat(clients.get("greeter", GreeterService.class).greet("static")).isEqualTo("hello, static");
                assertThat(clients.entries().get(0).kitexClient().instances())
                    .containsExactly(Instance.of("127.0.0.1:" + server.port()));
            });
    }

    @Test
    void aResolverOfTheApplicationsReplacesTheDiscoveryClientResolver() {
        runner.withPropertyValues(greeterInstances(1)).withUserConfiguration(OwnResolver.class).run(context -> {
            assertThat(context).doesNotHaveBean(DiscoveryClientResolver.class);
            KitexClients clients = context.getBean(KitexClients.class);
            assertThat(clients.get("greeter", GreeterService.class).greet("own")).isEqualTo("hello, own");
        });
    }

    @Test
    void withoutSpringCloudNothingDiscoveryRelatedIsCreated() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class, KitexServerAutoConfiguration.class,
                KitexDiscoveryAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("org.springframework.cloud"))
            .withUserConfiguration(GreeterServiceConfiguration.class)
            .withPropertyValues("kitex.server.host=127.0.0.1", "kitex.server.port=0")
            .run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(KitexServer.class);
                assertThat(context).doesNotHaveBean(KitexDiscoveryAutoConfiguration.class)
                    .doesNotHaveBean(Resolver.class).doesNotHaveBean(Registry.class);
                GreeterService greeter = context.getBean(KitexClients.class).get("greeter", GreeterService.class);
                assertThatThrownBy(() -> greeter.greet("anyone")).isInstanceOf(NoInstanceException.class);
            });
    }

    @Test
    void theServerRegistersThroughTheServiceRegistryAndDeregistersWhenItStops() {
        RecordingServiceRegistry[] registry = new RecordingServiceRegistry[1];
        runner.withUserConfiguration(GreeterServiceConfiguration.class, RecordingRegistryConfiguration.class)
            .withPropertyValues("spring.application.name=greeter-app", "kitex.server.host=127.0.0.1",
                "kitex.server.port=0", "kitex.server.registry.weight=20", "kitex.server.registry.tags.zone=z1")
            .run(context -> {
                assertThat(context).hasSingleBean(ServiceRegistryRegistry.class);
                registry[0] = context.getBean(RecordingServiceRegistry.class);
                int port = context.getBean(KitexServer.class).port();
                assertThat(registry[0].events).containsExactly("register");
                Registration registration = registry[0].registrations.get(0);
                assertThat(registration).isInstanceOf(KitexRegistration.class);
                assertThat(registration.getInstanceId()).isEqualTo("greeter-app-kitex-127.0.0.1-" + port);
                assertThat(registration.getServiceId()).isEqualTo("greeter-app");
                assertThat(registration.getHost()).isEqualTo("127.0.0.1");
                assertThat(registration.getPort()).isEqualTo(port);
                assertThat(registration.getMetadata()).isEqualTo(Map.of("zone", "z1",
                    KitexMetadata.PORT, Integer.toString(port), KitexMetadata.PROTOCOLS, PROTOCOLS, KitexMetadata.WEIGHT, "20"));
            });
        assertThat(registry[0].events).containsExactly("register", "deregister");
        assertThat(registry[0].registrations.get(1)).isSameAs(registry[0].registrations.get(0));
    }

    @Test
    void aServerBoundToEveryInterfaceRegistersSpringCloudsFirstNonLoopbackAddress() {
        runner.withUserConfiguration(GreeterServiceConfiguration.class, RecordingRegistryConfiguration.class)
            .withPropertyValues("kitex.server.host=0.0.0.0", "kitex.server.port=0")
            .run(context -> {
                Registration registration = context.getBean(RecordingServiceRegistry.class).registrations.get(0);
                assertThat(registration.getHost())
                    .isEqualTo(context.getBean(InetUtils.class).findFirstNonLoopbackHostInfo().getIpAddress());
            });
    }

    @Test
    void registrationCanBeTurnedOff() {
        runner.withUserConfiguration(GreeterServiceConfiguration.class, RecordingRegistryConfiguration.class)
            .withPropertyValues("kitex.server.host=127.0.0.1", "kitex.server.port=0", "kitex.server.registry.enabled=false")
            .run(context -> {
                assertThat(context).hasSingleBean(KitexServer.class).doesNotHaveBean(Registry.class);
                assertThat(context.getBean(RecordingServiceRegistry.class).events).isEmpty();
            });
    }

    @Test
    void aServiceRegistryOfItsOwnRegistrationTypeNeedsAFactory() {
        ApplicationContextRunner withOwnRegistry = runner
            .withUserConfiguration(GreeterServiceConfiguration.class, OwnRegistryConfiguration.class)
            .withPropertyValues("spring.application.name=greeter-app", "kitex.server.host=127.0.0.1", "kitex.server.port=0");
        withOwnRegistry.run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().hasMessageContaining(OwnRegistration.class.getName())
            .hasMessageContaining("KitexRegistrationFactory").hasMessageContaining("kitex.server.registry.enabled=false"));

        withOwnRegistry.withBean(KitexRegistrationFactory.class, () -> OwnRegistration::new).run(context -> {
            List<OwnRegistration> registrations = context.getBean(OwnServiceRegistry.class).registrations;
            assertThat(registrations).hasSize(1);
            assertThat(registrations.get(0).getServiceId()).isEqualTo("greeter-app");
            assertThat(registrations.get(0).getPort()).isEqualTo(context.getBean(KitexServer.class).port());
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnResolver {
        @Bean
        Resolver resolver() {
            return serviceName -> List.of(Instance.of("127.0.0.1:" + server.port()));
        }
    }

    /** A ServiceRegistry that takes any Registration, as Nacos's does, and records what it is given. */
    static class RecordingServiceRegistry implements ServiceRegistry<Registration> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Registration> registrations = new CopyOnWriteArrayList<>();

        @Override
        public void register(Registration registration) {
            events.add("register");
            registrations.add(registration);
        }

        @Override
        public void deregister(Registration registration) {
            events.add("deregister");
            registrations.add(registration);
        }

        @Override
        public void close() {
        }

        @Override
        public void setStatus(Registration registration, String status) {
        }

        @Override
        public <T> T getStatus(Registration registration) {
            return null;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordingRegistryConfiguration {
        @Bean
        RecordingServiceRegistry recordingServiceRegistry() {
            return new RecordingServiceRegistry();
        }
    }

    /** A registration type of a registry's own, as Zookeeper's, Consul's and Eureka's are. */
    static final class OwnRegistration extends DefaultServiceInstance implements Registration {
        OwnRegistration(KitexRegistration registration) {
            super(registration.getInstanceId(), registration.getServiceId(), registration.getHost(), registration.getPort(),
                false, registration.getMetadata());
        }
    }

    static class OwnServiceRegistry implements ServiceRegistry<OwnRegistration> {
        final List<OwnRegistration> registrations = new CopyOnWriteArrayList<>();

        @Override
        public void register(OwnRegistration registration) {
            registrations.add(registration);
        }

        @Override
        public void deregister(OwnRegistration registration) {
            registrations.remove(registration);
        }

        @Override
        public void close() {
        }

        @Override
        public void setStatus(OwnRegistration registration, String status) {
        }

        @Override
        public <T> T getStatus(OwnRegistration registration) {
            return null;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistryConfiguration {
        @Bean
        OwnServiceRegistry ownServiceRegistry() {
            return new OwnServiceRegistry();
        }
    }
}
