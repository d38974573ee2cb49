package io.cloudwego.kitex.spring.boot.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexAutoConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClients;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerAutoConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceImpl;
import io.cloudwego.kitex.testing.PingService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class KitexActuatorAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class, KitexServerAutoConfiguration.class,
            KitexEndpointAutoConfiguration.class, KitexHealthAutoConfiguration.class))
        .withPropertyValues("kitex.server.host=127.0.0.1", "kitex.server.port=0",
            "management.endpoints.web.exposure.include=kitex");

    @Test
    void withAServerThereIsAHealthIndicatorThatIsUpWhileItServes() {
        runner.withUserConfiguration(GreeterServiceConfiguration.class).run(context -> {
            Health health = context.getBean(KitexHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("port", context.getBean(KitexServer.class).port());
        });
    }

    @Test
    void aServerThatDoesNotServeIsDown() {
        KitexServer server = KitexServer.builder().port(0).service(PingService.DESCRIPTOR, PingService.create()).build();
        assertThat(new KitexHealthIndicator(server).health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void theHealthIndicatorCanBeTurnedOff() {
        runner.withUserConfiguration(GreeterServiceConfiguration.class).withPropertyValues("management.health.kitex.enabled=false")
            .run(context -> assertThat(context).hasSingleBean(KitexServer.class).doesNotHaveBean(KitexHealthIndicator.class));
    }

    @Test
    void withoutAServerThereIsNoHealthIndicatorAndTheEndpointListsClientsOnly() {
        runner.withPropertyValues("kitex.client.services.greeter.addresses=127.0.0.1:9")
            .run(context -> {
                assertThat(context).doesNotHaveBean(KitexHealthIndicator.class);
                context.getBean(KitexClients.class).get("greeter", GreeterService.class);
                KitexEndpoint.KitexDescriptor descriptor = context.getBean(KitexEndpoint.class).kitex();
                assertThat(descriptor.server()).isNull();
                assertThat(descriptor.clients()).singleElement().satisfies(client -> {
                    assertThat(client.serviceName()).isEqualTo("greeter");
                    assertThat(client.addresses()).containsExactly("127.0.0.1:9");
                    assertThat(client.openConnections()).isZero();
                });
            });
    }

    @Test
    void anEndpointThatIsNotExposedIsNotCreated() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=health")
            .run(context -> assertThat(context).doesNotHaveBean(KitexEndpoint.class));
    }

    /**
     * Without Actuator, Boot skips these auto-configurations before loading them, by the class
     * conditions recorded at build time (loading them would fail on their missing annotations).
     */
    @Test
    void actuatorAutoConfigurationsAreSkippedByRecordedClassConditionsWithoutActuator() throws IOException {
        Properties metadata = autoConfigurationMetadata();
        assertThat(metadata.getProperty(KitexEndpointAutoConfiguration.class.getName() + ".ConditionalOnClass"))
            .contains(Endpoint.class.getName(), ConditionalOnAvailableEndpoint.class.getName());
        assertThat(metadata.getProperty(KitexHealthAutoConfiguration.class.getName() + ".ConditionalOnClass"))
            .contains(HealthIndicator.class.getName(), ConditionalOnEnabledHealthIndicator.class.getName());
    }

    private static Properties autoConfigurationMetadata() throws IOException {
        Enumeration<URL> files = KitexActuatorAutoConfigurationTest.class.getClassLoader()
            .getResources("META-INF/spring-autoconfigure-metadata.properties");
        while (files.hasMoreElements()) {
            Properties properties = new Properties();
            try (InputStream in = files.nextElement().openStream()) {
                properties.load(in);
            }
            if (properties.containsKey(KitexEndpointAutoConfiguration.class.getName())) {
                return properties;
            }
        }
        throw new AssertionError("no auto-configuration metadata of kitex-spring-boot-autoconfigure");
    }

}
