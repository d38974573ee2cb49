package io.cloudwego.kitex.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class KitexServerBuilderTest {
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

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final ServiceDescriptor<Ping> PING = ServiceDescriptor.of("Ping", Ping.class,
        MethodDescriptor.oneway("fire", EMPTY_STRUCT, (service, args) -> CompletableFuture.completedFuture(null)));

    @Test
    void needsAtLeastOneService() {
        assertThatThrownBy(() -> KitexServer.builder().build()).hasMessageContaining("at least one service");
    }

    @Test
    void rejectsTheSameServiceTwice() {
        assertThatThrownBy(() -> KitexServer.builder().service(PING, new Ping() { }).service(PING, new Ping() { }).build())
            .hasMessageContaining("service Ping is registered twice");
    }

    @Test
    void rejectsAnImplementationOfAnotherInterface() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        ServiceDescriptor<Object> raw = (ServiceDescriptor) PING;
        assertThatThrownBy(() -> KitexServer.builder().service(raw, "not a Ping"))
            .hasMessageContaining("does not implement");
    }

    @Test
    void rejectsOutOfRangeSettingsNamingThem() {
        KitexServer.Builder builder = KitexServer.builder();
        assertThatThrownBy(() -> builder.port(70000)).hasMessageContaining("port");
        assertThatThrownBy(() -> builder.exitWaitTime(Duration.ofSeconds(-1))).hasMessageContaining("exitWaitTime");
        assertThatThrownBy(() -> builder.maxFrameSize(1)).hasMessageContaining("maxFrameSize");
        assertThatThrownBy(() -> builder.ioThreads(0)).hasMessageContaining("ioThreads");
    }

    @Test
    void failsToStartOnAPortInUseNamingIt() {
        try (KitexServer first = KitexServer.builder().host("127.0.0.1").port(0).service(PING, new Ping() { }).build().start()) {
            KitexServer second = KitexServer.builder().host("127.0.0.1").port(first.port()).service(PING, new Ping() { }).build();
            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot bind 127.0.0.1:" + first.port());
        }
    }
}
