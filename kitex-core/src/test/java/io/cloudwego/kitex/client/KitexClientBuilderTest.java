package io.cloudwego.kitex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.errors.NoInstanceException;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import io.cloudwego.kitex.testing.PingService;
import org.junit.jupiter.api.Test;

class KitexClientBuilderTest {
    @Test
    void rejectsAddressesThatAreNotHostAndPort() {
        KitexClient.Builder builder = KitexClient.builder("ping", PingService.DESCRIPTOR);
        assertThatThrownBy(() -> builder.addresses("localhost")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> builder.addresses("localhost:http")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> builder.addresses("localhost:70000")).hasMessageContaining("address localhost:70000 must be host:port, with a port from 1 to 65535");
    }

    @Test
    void rejectsNegativeOrZeroDurationsNamingTheOption() {
        KitexClient.Builder builder = KitexClient.builder("ping", PingService.DESCRIPTOR);
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ZERO)).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> builder.rpcTimeout(Duration.ofMillis(-1))).hasMessageContaining("rpcTimeout");
        assertThatThrownBy(() -> builder.rpcTimeout("nope", Duration.ofSeconds(1)))
            .hasMessageContaining("has no method nope");
        assertThatThrownBy(() -> builder.connectionsPerAddress(0)).hasMessageContaining("connectionsPerAddress");
    }

    @Test
    void aClientWithoutAddressesFailsCallsWithoutSendingThem() {
        try (KitexClient client = KitexClient.builder("ping", PingService.DESCRIPTOR).build()) {
            assertThatThrownBy(() -> client.call(PingService.FIRE, "").get())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(NoInstanceException.class)
                .satisfies(e -> assertThat(((NoInstanceException) e).mayHaveReachedServer()).isFalse());
        }
    }

    @Test
    void acceptsBracketedIpv6Addresses() {
        try (KitexClient client = KitexClient.builder("ping", PingService.DESCRIPTOR).addresses("[::1]:8888").build()) {
            assertThat(client.serviceName()).isEqualTo("ping");
        }
    }
}
