package io.cloudwego.kitex.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.testing.Eventually;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InstanceCacheTest {
    private static final Duration REFRESH = Duration.ofMillis(20);
    private static final Instance A = Instance.of("127.0.0.1:9001");
    private static final Instance B = Instance.of("127.0.0.1:9002");

    /** A registry whose answer a test sets: instances, or an outage. */
    private static final class Registry implements Resolver {
        final AtomicReference<List<Instance>> instances = new AtomicReference<>(List.of());
        final AtomicReference<Exception> outage = new AtomicReference<>();
        final AtomicInteger resolutions = new AtomicInteger();

        @Override
        public List<Instance> resolve(String serviceName) throws Exception {
            resolutions.incrementAndGet();
            Exception failure = outage.get();
            if (failure != null) {
                throw failure;
            }
            return instances.get();
        }

        /** Returns once the cache has asked at least twice more, so it has seen what was set before. */
        void awaitResolutions() {
            int seen = resolutions.get();
            Eventually.await("two more resolutions", () -> resolutions.get() >= seen + 2);
        }
    }

    @Test
    void resolvesAtOnceThenEveryRefreshInterval() throws Exception {
        Registry registry = new Registry();
        registry.instances.set(List.of(A));
        try (InstanceCache cache = InstanceCache.start("svc", registry, REFRESH)) {
            cache.resolved().get(30, TimeUnit.SECONDS);
            assertThat(cache.instances()).containsExactly(A);
            assertThat(cache.failure()).isNull();

            registry.instances.set(List.of(A, B));
            Eventually.await("B is resolved", () -> cache.instances().size() == 2);
            assertThat(cache.instances()).containsExactly(A, B);
        }
    }

    @Test
    void anOutageKeepsTheLastInstancesUntilTheResolverAnswersAgain() throws Exception {
        Registry registry = new Registry();
        registry.instances.set(List.of(A, B));
        try (InstanceCache cache = InstanceCache.start("svc", registry, REFRESH)) {
            cache.resolved().get(30, TimeUnit.SECONDS);

            IOException outage = new IOException("registry unreachable");
            registry.outage.set(outage);
            registry.awaitResolutions();
            assertThat(cache.instances()).containsExactly(A, B);
            assertThat(cache.failure()).isSameAs(outage);

            registry.instances.set(List.of(B));
            registry.outage.set(null);
            Eventually.await("the resolver answers again", () -> cache.failure() == null);
            assertThat(cache.instances()).containsExactly(B);
        }
    }

    @Test
    void anEmptyAnswerLeavesNoInstances() throws Exception {
        Registry registry = new Registry();
        registry.instances.set(List.of(A));
        try (InstanceCache cache = InstanceCache.start("svc", registry, REFRESH)) {
            cache.resolved().get(30, TimeUnit.SECONDS);
            registry.instances.set(List.of());
            Eventually.await("no instance is left", () -> cache.instances().isEmpty());
            assertThat(cache.failure()).isNull();
        }
    }

    @Test
    void aFirstResolutionThatFailsLeavesNoInstancesAndTheFailure() throws Exception {
        Registry registry = new Registry();
        IOException outage = new IOException("registry unreachable");
        registry.outage.set(outage);
        try (InstanceCache cache = InstanceCache.start("svc", registry, REFRESH)) {
            cache.resolved().get(30, TimeUnit.SECONDS);
            assertThat(cache.instances()).isEmpty();
            assertThat(cache.failure()).isSameAs(outage);
        }
    }

    @Test
    void aClosedCacheResolvesNoMore() throws Exception {
        Registry registry = new Registry();
        InstanceCache cache = InstanceCache.start("svc", registry, REFRESH);
        cache.resolved().get(30, TimeUnit.SECONDS);
        cache.close();
        int resolutions = registry.resolutions.get();
        Thread.sleep(REFRESH.toMillis() * 10);
        assertThat(registry.resolutions.get()).isLessThanOrEqualTo(resolutions + 1);
    }

    @Test
    void rejectsARefreshIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> InstanceCache.start("svc", new Registry(), Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("refreshInterval");
    }
}
