package io.cloudwego.kitex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.errors.NoInstanceException;
import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class KitexClientBuilderTest {
    interface Ping {
    }

    private static final ThriftCodec<String> EMPTY_STRUCT = new ThriftCodec<>() {
        @Override
        public void write(ThriftWriter out, String value) {
            out.writeFieldStop();
        }

        @Override
        public String read(ThriftReader in) {
            return "";
        }
    };

    private static final MethodDescriptor<Ping, String, Void> FIRE =
        MethodDescriptor.oneway("fire", EMPTY_STRUCT, (service, args) -> CompletableFuture.completedFuture(null));
    private static final ServiceDescriptor<Ping> PING = ServiceDescriptor.of("Ping", Ping.class, FIRE);

    @Test
    void rejectsAddressesThatAreNotHostAndPort() {
        KitexClient.Builder builder = KitexClient.builder("ping", PING);
        assertThatThrownBy(() -> builder.addresses("localhost")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> builder.addresses("localhost:http")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> builder.addresses("localhost:70000")).hasMessageContaining("port out of range");
    }

    @Test
    void rejectsNegativeOrZeroDurationsNamingTheOption() {
        KitexClient.Builder builder = KitexClient.builder("ping", PING);
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ZERO)).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> builder.rpcTimeout(Duration.ofMillis(-1))).hasMessageContaining("rpcTimeout");
        assertThatThrownBy(() -> builder.rpcTimeout("nope", Duration.ofSeconds(1)))
            .hasMessageContaining("has no method nope");
        assertThatThrownBy(() -> builder.connectionsPerAddress(0)).hasMessageContaining("connectionsPerAddress");
    }

    @Test
    void aClientWithoutAddressesFailsCallsWithoutSendingThem() {
        try (KitexClient client = KitexClient.builder("ping", PING).build()) {
            assertThatThrownBy(() -> client.call(FIRE, "").get())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(NoInstanceException.class)
                .satisfies(e -> assertThat(((NoInstanceException) e).mayHaveReachedServer()).isFalse());
        }
    }

    @Test
    void acceptsBracketedIpv6Addresses() {
        try (KitexClient client = KitexClient.builder("ping", PING).addresses("[::1]:8888").build()) {
            assertThat(client.serviceName()).isEqualTo("ping");
        }
    }
}
