package io.cloudwego.kitex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.discovery.Resolver;
import io.cloudwego.kitex.errors.NoInstanceException;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.NamedService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clients whose instances a resolver finds, calling real servers on loopback. */
class KitexClientDiscoveryTest {
    private static final Duration REFRESH = Duration.ofMillis(20);

    private static KitexServer a;
    private static KitexServer b;

    @BeforeAll
    static void startServers() {
        a = server("a");
        b = server("b");
    }

    @AfterAll
    static void stopServers() {
        a.stop(Duration.ZERO);
        b.stop(Duration.ZERO);
    }

    private static KitexServer server(String name) {
        return KitexServer.builder().host("127.0.0.1").port(0).service(NamedService.DESCRIPTOR, () -> name).build().start();
    }

    private static Instance instanceOf(KitexServer server) {
        return Instance.of(new InetSocketAddress("127.0.0.1", server.port()));
    }

    /** A registry whose answer a test sets: instances, or an outage. */
    private static final class Registry implements Resolver {
        final AtomicReference<List<Instance>> instances = new AtomicReference<>(List.of());
        final AtomicReference<Exception> outage = new AtomicReference<>();
        final AtomicInteger failed = new AtomicInteger();

        @Override
        public List<Instance> resolve(String serviceName) throws Exception {
            Exception failure = outage.get();
            if (failure != null) {
                failed.incrementAndGet();
                throw failure;
            }
            return instances.get();
        }
    }

    private static KitexClient.Builder builder() {
        return KitexClient.builder("named", NamedService.DESCRIPTOR).rpcTimeout(Duration.ofSeconds(30));
    }

    private static KitexClient client(Resolver resolver) {
        return builder().resolver(resolver).discoveryRefreshInterval(REFRESH).build();
    }

    private static List<String> names(KitexClient client, int calls) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            names.add(client.callBlocking(NamedService.NAME, ""));
        }
        return names;
    }

    @Test
    void callsGoInTurnToTheResolvedInstancesAndFollowTheirChanges() {
        Registry registry = new Registry();
        registry.instances.set(List.of(instanceOf(a), instanceOf(b)));
        try (KitexClient client = client(registry)) {
            assertThat(names(client, 4)).containsExactly("a", "b", "a", "b");
            assertThat(client.instances()).containsExactly(instanceOf(a), instanceOf(b));

            registry.instances.set(List.of(instanceOf(b)));
            Eventually.await("only b is resolved", () -> client.instances().size() == 1);
            assertThat(names(client, 3)).containsOnly("b");
        }
    }

    @Test
    void duringARegistryOutageCallsGoToTheInstancesLastResolved() {
        Registry registry = new Registry();
        registry.instances.set(List.of(instanceOf(a)));
        try (KitexClient client = client(registry)) {
            assertThat(names(client, 1)).containsExactly("a");

            registry.instances.set(List.of(instanceOf(b)));
            registry.outage.set(new IOException("registry unreachable"));
            Eventually.await("two failed resolutions", () -> registry.failed.get() >= 2);
            assertThat(client.instances()).containsExactly(instanceOf(a));
            assertThat(names(client, 3)).containsOnly("a");
        }
    }

    @Test
    void whenTheResolverFindsNoInstanceCallsFailWithoutBeingSent() {
        Registry registry = new Registry();
        registry.instances.set(List.of(instanceOf(a)));
        try (KitexClient client = client(registry)) {
            assertThat(names(client, 1)).containsExactly("a");

            registry.instances.set(List.of());
            Eventually.await("no instance is left", () -> client.instances().isEmpty());
            assertThatThrownBy(() -> client.callBlocking(NamedService.NAME, ""))
                .isInstanceOf(NoInstanceException.class)
                .hasNoCause()
                .satisfies(e -> assertThat(((NoInstanceException) e).mayHaveReachedServer()).isFalse());
        }
    }

    @Test
    void whenTheFirstResolutionFailsCallsFailWithItsCause() {
        Registry registry = new Registry();
        IOException outage = new IOException("registry unreachable");
        registry.outage.set(outage);
        try (KitexClient client = client(registry)) {
            assertThatThrownBy(() -> client.callBlocking(NamedService.NAME, ""))
                .isInstanceOf(NoInstanceException.class)
                .hasCause(outage);
        }
    }

    @Test
    void aCallIssuedBeforeTheFirstResolutionWaitsForIt() throws Exception {
        CountDownLatch registryAnswers = new CountDownLatch(1);
        Resolver slow = serviceName -> {
            registryAnswers.await();
            return List.of(instanceOf(b));
        };
        try (KitexClient client = client(slow)) {
            CompletableFuture<String> call = client.call(NamedService.NAME, "");
            Thread.sleep(100);
            assertThat(call).isNotDone();
            registryAnswers.countDown();
            assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("b");
        }
    }

    @Test
    void staticAddressesAreInstancesWithTheDefaultWeight() {
        try (KitexClient client = builder().addresses("127.0.0.1:" + a.port()).build()) {
            assertThat(names(client, 2)).containsExactly("a", "a");
            assertThat(client.instances()).containsExactly(instanceOf(a));
            assertThat(client.instances().get(0).weight()).isEqualTo(Instance.DEFAULT_WEIGHT);
        }
    }

    @Test
    void addressesAndAResolverAreAlternatives() {
        KitexClient.Builder builder = builder().addresses("127.0.0.1:" + a.port()).resolver(new Registry());
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
    }
}
