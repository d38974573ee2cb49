package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexAutoConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClients;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServerAutoConfiguration;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterServiceConfiguration;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Each attempt of a retried call is observed on its own, tagged with whether it is a retry. */
class KitexRetryObservationTest {

    @Test
    void aRetriedCallIsObservedOncePerAttempt() throws Exception {
        // A port that takes connections (the kernel's backlog) and never answers: the first attempt
        // times out there, after its request may have reached a server, and is retried.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class, KitexServerAutoConfiguration.class,
                    KitexMicrometerAutoConfiguration.class))
                .withUserConfiguration(GreeterServiceConfiguration.class)
                .withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .withPropertyValues("kitex.server.host=127.0.0.1", "kitex.server.port=0",
                    "kitex.client.services.greeter.addresses=127.0.0.1:" + silent.getLocalPort()
                        + ",127.0.0.1:${local.kitex.server.port}",
                    "kitex.client.services.greeter.rpc-timeout=500ms",
                    "kitex.client.services.greeter.retry.type=failure-retry",
                    "kitex.client.services.greeter.methods.greet.idempotent=true")
                .run(context -> {
                    GreeterService greeter = context.getBean(KitexClients.class).get("greeter", GreeterService.class);
                    assertThat(greeter.greet("again")).isEqualTo("hello, again");

                    TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
                    assertThat(registry).hasNumberOfObservationsWithNameEqualTo("rpc.client.call.duration", 2)
                        .hasAnObservation(first -> first.hasNameEqualTo("rpc.client.call.duration")
                            .hasLowCardinalityKeyValue("kitex.retry", "false")
                            .hasLowCardinalityKeyValue("error.type", RpcTimeoutException.class.getName()))
                        .hasAnObservation(retry -> retry.hasNameEqualTo("rpc.client.call.duration")
                            .hasLowCardinalityKeyValue("kitex.retry", "true")
                            .hasLowCardinalityKeyValue("rpc.response.status_code", "OK"));
                });
        }
    }
}
