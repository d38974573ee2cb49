package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexAutoConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClients;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerAutoConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceImpl;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Observations of real calls over 127.0.0.1, from a client and a server in one application. */
class KitexMicrometerAutoConfigurationTest {
    private static final String BIZ_STATUS = BizStatusException.class.getName();

    private final ApplicationContextRunner withoutServices = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class, KitexServerAutoConfiguration.class,
            KitexMicrometerAutoConfiguration.class))
        .withPropertyValues("kitex.server.host=127.0.0.1", "kitex.server.port=0",
            "kitex.client.services.greeter.addresses=127.0.0.1:${local.kitex.server.port}");
    private final ApplicationContextRunner runner = withoutServices.withUserConfiguration(GreeterServiceConfiguration.class);

    @Test
    void callsAreObservedOnBothSidesWithOpenTelemetryNamesAndKeys() {
        runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run(context -> {
            GreeterService greeter = greeter(context);
            assertThat(greeter.greet("observed")).isEqualTo("hello, observed");
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            int port = context.getBean(KitexServer.class).port();

            assertThat(registry).hasNumberOfObservationsEqualTo(2);
            for (String name : List.of("rpc.server.call.duration", "rpc.client.call.duration")) {
                assertThat(registry).hasObservationWithNameEqualTo(name).that()
                    .hasBeenStarted().hasBeenStopped()
                    .hasContextualNameEqualTo("Greeter/greet")
                    .hasLowCardinalityKeyValue("rpc.system.name", "kitex")
                    .hasLowCardinalityKeyValue("rpc.method", "Greeter/greet")
                    .hasLowCardinalityKeyValue("rpc.response.status_code", "OK")
                    .hasLowCardinalityKeyValue("error.type", "none")
                    .doesNotHaveError();
            }
            assertThat(registry).hasObservationWithNameEqualTo("rpc.server.call.duration").that()
                .hasHighCardinalityKeyValue("client.address", "127.0.0.1");
            assertThat(registry).hasObservationWithNameEqualTo("rpc.client.call.duration").that()
                .hasHighCardinalityKeyValue("server.address", "127.0.0.1")
                .hasHighCardinalityKeyValue("server.port", Integer.toString(port));
        });
    }

    @Test
    void aFailedCallIsObservedWithItsStatusAndErrorType() {
        runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run(context -> {
            assertThatThrownBy(() -> greeter(context).greet("")).isInstanceOf(BizStatusException.class);
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            for (String name : List.of("rpc.server.call.duration", "rpc.client.call.duration")) {
                assertThat(registry).hasObservationWithNameEqualTo(name).that()
                    .hasBeenStopped()
                    .hasLowCardinalityKeyValue("rpc.response.status_code",
                        Integer.toString(GreeterServiceImpl.EMPTY_NAME_STATUS))
                    .hasLowCardinalityKeyValue("error.type", BIZ_STATUS)
                    .assertThatError().isInstanceOf(BizStatusException.class);
            }
        });
    }

    @Test
    void conventionBeansReplaceTheDefaults() {
        runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
            .withBean(KitexServerObservationConvention.class, () -> new DefaultKitexServerObservationConvention() {
                @Override
                public String getName() {
                    return "custom.server";
                }
            })
            .withBean(KitexClientObservationConvention.class, () -> new DefaultKitexClientObservationConvention() {
                @Override
                public String getName() {
                    return "custom.client";
                }
            })
            .run(context -> {
                greeter(context).greet("custom");
                TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
                assertThat(registry).hasNumberOfObservationsWithNameEqualTo("custom.server", 1)
                    .hasNumberOfObservationsWithNameEqualTo("custom.client", 1)
                    .hasNumberOfObservationsWithNameEqualTo("rpc.server.call.duration", 0);
            });
    }

    @Test
    void callsThatAPredicateRejectsGoStraightThrough() {
        runner.withBean(TestObservationRegistry.class, () -> {
            TestObservationRegistry registry = TestObservationRegistry.create();
            registry.observationConfig().observationPredicate((name, context) -> false);
            return registry;
        }).run(context -> {
            assertThat(greeter(context).greet("unobserved")).isEqualTo("hello, unobserved");
            assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
        });
    }

    @Test
    void withoutAnObservationRegistryNothingIsObserved() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(KitexServerObservationMiddleware.class)
                .doesNotHaveBean(KitexClientObservationMiddleware.class);
            assertThat(greeter(context).greet("plain")).isEqualTo("hello, plain");
        });
    }

    @Test
    void withoutMicrometerOnTheClassPathTheServerStillRuns() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(KitexServer.class)
                .doesNotHaveBean(KitexServerMetrics.class).doesNotHaveBean(KitexServerObservationMiddleware.class);
            assertThat(greeter(context).greet("no micrometer")).isEqualTo("hello, no micrometer");
        });
    }

    @Test
    void serverMetersFollowTheServersCounters() {
        withoutServices.withUserConfiguration(GaugeReadingGreeterConfiguration.class).run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            context.getBean(KitexServerMetrics.class).bindTo(meters);
            assertThat(meters.get("kitex.server.connections.accepted").functionCounter().count()).isZero();

            greeter(context).greet("metered");

            // read by the handler while its call is in flight
            assertThat(context.getBean(GaugeReadingGreeter.class).activeRequests).containsExactly(1.0);
            assertThat(meters.get("kitex.server.connections.accepted").functionCounter().count()).isGreaterThanOrEqualTo(1);
            assertThat(meters.get("kitex.server.connections.active").gauge().value()).isGreaterThanOrEqualTo(1);
            assertThat(meters.get("kitex.server.protocol.errors").functionCounter().count()).isZero();
        });
    }

    @Test
    void clientMetersCountTheCallsSentAgainAfterARefusedConnection() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        runner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("kitex.client.services.greeter.addresses=127.0.0.1:" + deadPort
                + ",127.0.0.1:${local.kitex.server.port}")
            .run(context -> {
                for (int i = 0; i < 4; i++) {
                    assertThat(greeter(context).greet("again")).isEqualTo("hello, again");
                }
                io.cloudwego.kitex.client.KitexClient client =
                    context.getBean(KitexClients.class).entries().get(0).kitexClient();
                assertThat(client.transparentRetries()).as("calls sent again").isPositive();
                assertThat(context.getBean(MeterRegistry.class).get("kitex.client.transparent.retries")
                    .tag("service", "greeter").functionCounter().count()).isEqualTo(client.transparentRetries());
            });
    }

    private static GreeterService greeter(AssertableApplicationContext context) {
        return context.getBean(KitexClients.class).get("greeter", GreeterService.class);
    }

    static class GaugeReadingGreeter extends GreeterServiceImpl {
        final MeterRegistry meters;
        final List<Double> activeRequests = new CopyOnWriteArrayList<>();

        GaugeReadingGreeter(MeterRegistry meters) {
            this.meters = meters;
        }

        @Override
        public String greet(String name) {
            activeRequests.add(meters.get("kitex.server.requests.active").gauge().value());
            return super.greet(name);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GaugeReadingGreeterConfiguration {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        @KitexService
        GaugeReadingGreeter gaugeReadingGreeter(MeterRegistry meters) {
            return new GaugeReadingGreeter(meters);
        }
    }
}
