package io.cloudwego.kitex.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.spring.boot.autoconfigure.greeter.GreeterService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A client transport that cannot carry its service's methods fails at start-up, naming the property. */
class KitexClientTransportTest {

    @Test
    void grpcForAThriftServiceWithoutStreamingModeMethodsFailsNamingTheProperty() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KitexAutoConfiguration.class))
            .withUserConfiguration(GreeterCaller.class)
            .withPropertyValues("kitex.server.enabled=false", "kitex.client.services.greeter.addresses=127.0.0.1:1",
                "kitex.client.services.greeter.transport=grpc")
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().hasMessage(
                    "kitex.client.services.greeter.transport: transport GRPC cannot carry Thrift service Greeter:"
                        + " gRPC carries only the methods annotated streaming.mode, and it has none");
            });
    }

    static class GreeterCaller {
        @KitexClient("greeter")
        GreeterService greeter;
    }
}
