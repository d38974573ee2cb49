package io.cloudwego.kitex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.circuitbreak.CircuitBreakerSettings;
import io.cloudwego.kitex.circuitbreak.CircuitBreakers;
import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.discovery.InstanceCache;
import io.cloudwego.kitex.errors.CircuitOpenException;
import io.cloudwego.kitex.errors.NoInstanceException;
import io.cloudwego.kitex.loadbalance.WeightedRoundRobin;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.rpcinfo.EndpointInfo;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.testing.NamedService;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The choice of each call's instance: balancer, avoided addresses, stopping instances, open instance breakers,
 * changing instances.
 */
class InstanceSelectorTest {
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1001);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 1002);
    private static final InetSocketAddress C = new InetSocketAddress("127.0.0.1", 1003);

    private final AtomicReference<List<Instance>> registry =
        new AtomicReference<>(List.of(Instance.of(A), Instance.of(B), Instance.of(C)));
    private final InstanceCache cache = InstanceCache.start("svc", name -> registry.get(), Duration.ofMillis(10));
    private final CircuitBreakers breakers = new CircuitBreakers("svc", CircuitBreakerSettings.DEFAULT);
    private final InstanceSelector selector = new InstanceSelector("svc", cache, WeightedRoundRobin.INSTANCE, breakers);

    @AfterEach
    void close() {
        cache.close();
    }

    private static RpcInfo call() {
        return new RpcInfo(new EndpointInfo("caller", "", null), new EndpointInfo("svc", "m", null), "Svc", "m",
            MethodKind.UNARY, NamedService.NAME, Transport.TTHEADER_FRAMED, Duration.ZERO, Metainfo.EMPTY);
    }

    private List<SocketAddress> picks(int n, Set<SocketAddress> avoid) {
        cache.resolved().join();
        List<SocketAddress> picked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            picked.add(selector.pick(call(), "", avoid, onEnd -> { }).address());
        }
        return picked;
    }

    @Test
    void avoidedAddressesArePassedOverUnlessNothingElseIsLeft() {
        assertThat(picks(6, Set.of(A))).containsExactly(B, C, B, C, B, C);
        assertThat(picks(4, Set.of(A, C))).containsOnly(B);
        assertThat(picks(3, Set.of(A, B, C))).containsExactly(A, B, C);
    }

    @Test
    void instancesWhoseBreakerIsOpenArePassedOver() {
        breakers.instanceBreakers().circuitBreaker(breakers.instanceBreakerName(B)).transitionToOpenState();
        assertThat(picks(6, Set.of())).containsExactly(A, C, A, C, A, C);
        assertThat(picks(3, Set.of(A))).containsOnly(C);
    }

    @Test
    void whenEveryInstanceBreakerIsOpenTheCallFailsWithoutBeingSent() {
        for (SocketAddress address : List.of(A, B, C)) {
            breakers.instanceBreakers().circuitBreaker(breakers.instanceBreakerName(address)).transitionToOpenState();
        }
        cache.resolved().join();
        assertThatThrownBy(() -> selector.pick(call(), "", Set.of(), onEnd -> { }))
            .isInstanceOfSatisfying(CircuitOpenException.class, e -> {
                assertThat(e.level()).isEqualTo(CircuitOpenException.Level.INSTANCE);
                assertThat(e.mayHaveReachedServer()).isFalse();
                assertThat(e.getMessage()).contains("svc@127.0.0.1:1001", "svc@127.0.0.1:1002", "svc@127.0.0.1:1003");
            });
    }

    @Test
    void thePickerFollowsTheInstancesAndLeavesOutInstancesOfWeightZero() {
        assertThat(picks(3, Set.of())).containsExactly(A, B, C);
        registry.set(List.of(new Instance(A, 0, Map.of()), Instance.of(C)));
        io.cloudwego.kitex.testing.Eventually.await("the cache has the new instances", () -> cache.instances().size() == 2);
        assertThat(picks(4, Set.of())).containsOnly(C);

        registry.set(List.of(new Instance(A, 0, Map.of())));
        io.cloudwego.kitex.testing.Eventually.await("only A, of weight 0", () -> cache.instances().size() == 1);
        assertThatThrownBy(() -> selector.pick(call(), "", Set.of(), onEnd -> { })).isInstanceOf(NoInstanceException.class);
    }

    @Test
    void stoppingInstancesArePassedOverUntilTheResolverDropsThem() {
        selector.markStopping(A);
        assertThat(selector.stopping()).containsExactly(A);
        assertThat(picks(4, Set.of())).containsExactly(B, C, B, C);
        assertThat(picks(3, Set.of(B, C))).as("falling back when nothing else is left").containsExactly(A, B, C);

        registry.set(List.of(Instance.of(B), Instance.of(C)));
        io.cloudwego.kitex.testing.Eventually.await("the cache drops A", () -> cache.instances().size() == 2);
        picks(1, Set.of());
        registry.set(List.of(Instance.of(A), Instance.of(B), Instance.of(C)));
        io.cloudwego.kitex.testing.Eventually.await("A is back, restarted", () -> cache.instances().size() == 3);
        assertThat(selector.stopping()).as("marks once the resolver dropped the instance").isEmpty();
        assertThat(picks(6, Set.of())).contains(A);
    }

    @Test
    void withoutBreakersOnlyAvoidedAddressesArePassedOver() {
        InstanceSelector plain = new InstanceSelector("svc", cache, WeightedRoundRobin.INSTANCE, null);
        cache.resolved().join();
        assertThat(plain.pick(call(), "", Set.of(A), onEnd -> { }).address()).isEqualTo(B);
    }
}
