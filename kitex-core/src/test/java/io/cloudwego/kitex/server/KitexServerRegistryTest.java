package io.cloudwego.kitex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.registry.Registry;
import io.cloudwego.kitex.registry.RegistryInfo;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.NamedService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When a server registers and deregisters, seen by a registry that records what it saw at each step. */
class KitexServerRegistryTest {

    /** Records each registration and deregistration with what a client would have found at that moment. */
    private static final class RecordingRegistry implements Registry {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile KitexServer server;
        volatile RegistryInfo registered;

        @Override
        public void register(RegistryInfo info) {
            registered = info;
            events.add("register (accepting connections: " + accepts(info) + ")");
        }

        @Override
        public void deregister(RegistryInfo info) {
            assertThat(info).isEqualTo(registered);
            events.add("deregister (accepting connections: " + accepts(info) + ", calls in flight: "
                + server.metrics().inFlightRequests() + ")");
        }

        private static boolean accepts(RegistryInfo info) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", info.address().getPort()), 5_000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    @Test
    void registersOnceListeningAndDeregistersBeforeDraining() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingRegistry registry = new RecordingRegistry();
        KitexServer server = KitexServer.builder().host("127.0.0.1").port(0).serviceName("named-app")
            .service(NamedService.DESCRIPTOR, () -> {
                release.await();
                return "done";
            })
            .registry(registry).registryWeight(20).registryTags(Map.of("zone", "z1"))
            .exitWaitTime(Duration.ofSeconds(30))
            .build();
        registry.server = server;
        server.start();
        assertThat(registry.events).containsExactly("register (accepting connections: true)");
        assertThat(registry.registered).isEqualTo(new RegistryInfo("named-app",
            new InetSocketAddress("127.0.0.1", server.port()), 20, Map.of("zone", "z1")));

        try (KitexClient client = KitexClient.builder("named-app", NamedService.DESCRIPTOR)
            .addresses("127.0.0.1:" + server.port()).build()) {
            CompletableFuture<String> inFlight = client.call(NamedService.NAME, "");
            Eventually.await("the call is in flight", () -> server.metrics().inFlightRequests() == 1);

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
            Eventually.await("the server deregistered", () -> registry.events.size() == 2);
            assertThat(registry.events.get(1)).isEqualTo("deregister (accepting connections: true, calls in flight: 1)");
            assertThat(stopped).isNotDone();

            release.countDown();
            assertThat(inFlight.get(30, TimeUnit.SECONDS)).isEqualTo("done");
            stopped.get(30, TimeUnit.SECONDS);
        }
        assertThat(registry.events).hasSize(2);
    }

    @Test
    void aServerThatCannotRegisterDoesNotStartAndFreesItsPort() throws Exception {
        IOException unreachable = new IOException("registry unreachable");
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        KitexServer server = KitexServer.builder().host("127.0.0.1").port(port).service(NamedService.DESCRIPTOR, () -> "x")
            .registry(new Registry() {
                @Override
                public void register(RegistryInfo info) throws IOException {
                    throw unreachable;
                }

                @Override
                public void deregister(RegistryInfo info) {
                    throw new AssertionError("never registered");
                }
            })
            .build();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasCause(unreachable);
        assertThat(server.isRunning()).isFalse();

        KitexServer again = KitexServer.builder().host("127.0.0.1").port(port).service(NamedService.DESCRIPTOR, () -> "x")
            .build().start();
        again.stop(Duration.ZERO);
    }

    @Test
    void aServerThatCannotDeregisterStopsAllTheSame() {
        KitexServer server = KitexServer.builder().host("127.0.0.1").port(0).service(NamedService.DESCRIPTOR, () -> "x")
            .registry(new Registry() {
                @Override
                public void register(RegistryInfo info) {
                }

                @Override
                public void deregister(RegistryInfo info) throws IOException {
                    throw new IOException("registry unreachable");
                }
            })
            .build().start();
        server.stop(Duration.ZERO);
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void rejectsANegativeWeight() {
        assertThatThrownBy(() -> KitexServer.builder().registryWeight(-1)).hasMessageContaining("registryWeight");
    }
}
