package io.cloudwego.kitex.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.time.Duration;
import io.cloudwego.kitex.testing.PingService;
import org.junit.jupiter.api.Test;

class KitexServerBuilderTest {
    @Test
    void needsAtLeastOneService() {
        assertThatThrownBy(() -> KitexServer.builder().build()).hasMessageContaining("at least one service");
    }

    @Test
    void rejectsTheSameServiceTwice() {
        assertThatThrownBy(() -> KitexServer.builder().service(PingService.DESCRIPTOR, PingService.create()).service(PingService.DESCRIPTOR, PingService.create()).build())
            .hasMessageContaining("service Ping is registered twice");
    }

    @Test
    void rejectsAnImplementationOfAnotherInterface() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        ServiceDescriptor<Object> raw = (ServiceDescriptor) PingService.DESCRIPTOR;
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
        try (KitexServer first = KitexServer.builder().host("127.0.0.1").port(0).service(PingService.DESCRIPTOR, PingService.create()).build().start()) {
            KitexServer second = KitexServer.builder().host("127.0.0.1").port(first.port()).service(PingService.DESCRIPTOR, PingService.create()).build();
            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot bind 127.0.0.1:" + first.port());
        }
    }
}
