package io.cloudwego.kitex.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.circuitbreak.CircuitBreakerSettings;
import io.cloudwego.kitex.circuitbreak.CircuitBreakers;
import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.endpoint.Endpoint;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.NamedService;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * One of three instances dies under load: a failure retry of an idempotent method hides it from
 * every caller, and calls stop going to it; with instance circuit breakers, its breaker opens, and
 * once an instance is back on the same address the breaker closes and calls go to it again.
 *
 * <p>The instance is killed, not stopped gracefully: {@code stop(Duration.ZERO)} closes its
 * listener and every connection at once, with calls in flight and no wait; nothing deregisters it
 * (the client has fixed addresses), so the client keeps it in its list and must learn by itself.
 */
class InstanceFailureTest {
    private static final int THREADS = 4;
    private static final int CALLS_BEFORE_KILL = 600;
    private static final int CALLS_AFTER_KILL = 900;

    @Test
    void killingAnInstanceUnderLoadFailsNoCallAndCallsStopGoingToIt() throws Exception {
        NamedServer a = slightlySlow("a", 0);
        NamedServer b = slightlySlow("b", 0);
        NamedServer victim = slightlySlow("victim", 0);
        FailureRetryTest.AttemptRecorder attempts = new FailureRetryTest.AttemptRecorder();
        try (KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
                .addresses(a.address(), b.address(), victim.address())
                .rpcTimeout(Duration.ofSeconds(10))
                .retry(RetryPolicy.failureRetry())
                .idempotent("name")
                .middleware(attempts)
                .build();
             Load load = new Load(client, CALLS_BEFORE_KILL + CALLS_AFTER_KILL)) {
            Eventually.await("calls before the kill", () -> load.issued.get() >= CALLS_BEFORE_KILL);
            int attemptsAtKill = attempts.attempts.size();
            victim.close();
            load.awaitEnd();

            assertThat(load.failures.sum()).as("calls that failed").isZero();
            assertThat(load.answeredBy("victim")).as("calls the victim answered before it died").isPositive();
            SocketAddress victimAddress = victim.socketAddress();
            List<SocketAddress> after = attempts.addresses.subList(attemptsAtKill, attempts.addresses.size());
            List<SocketAddress> lastHalf = after.subList(after.size() / 2, after.size());
            long toVictim = lastHalf.stream().filter(victimAddress::equals).count();
            assertThat(toVictim).as("attempts to the dead instance among the last %d", lastHalf.size())
                .isLessThan(lastHalf.size() / 20);
            // Calls in flight on the victim when it died are retried, and calls that find its port
            // closed go elsewhere transparently; unless a reply the victim wrote as it stopped carried
            // crrst, and no call went to it any more.
            assertThat(client.retryBudget("name").totalRetries() + client.transparentRetries() > 0
                || client.stoppingInstances().contains(victim.socketAddress()))
                .as("calls sent again, or the victim known to be stopping").isTrue();
        } finally {
            a.close();
            b.close();
            victim.close();
        }
    }

    /**
     * With instance breakers, the dead instance's breaker opens on its refused connections; while it
     * is open no attempt is sent there; its trial calls fail and open it again while the instance
     * stays dead; once a server listens on the same address again, the trial calls succeed, the
     * breaker closes and the instance takes its share of the calls. No caller sees a failure.
     */
    @Test
    void theInstanceBreakerOfAKilledInstanceOpensAndClosesOnceItIsBackOnTheSameAddress() throws Exception {
        NamedServer a = slightlySlow("a", 0);
        NamedServer b = slightlySlow("b", 0);
        NamedServer victim = slightlySlow("victim", 0);
        NamedServer revived = null;
        AtomicLong clock = new AtomicLong();
        PickRecorder picks = new PickRecorder(clock);
        // Small enough to open within seconds on the refused connections the client still tries
        // (about one a second, as it passes over an unreachable instance for a second after each).
        CircuitBreakerSettings settings = CircuitBreakerSettings.DEFAULT.withMinSamples(2)
            .withWindow(Duration.ofSeconds(2)).withWaitInOpen(Duration.ofSeconds(1));
        try (KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
                .addresses(a.address(), b.address(), victim.address())
                .rpcTimeout(Duration.ofSeconds(10))
                .retry(RetryPolicy.failureRetry())
                .idempotent("name")
                .circuitBreaker(settings)
                .middleware(picks)
                .build()) {
            CircuitBreakers breakers = client.circuitBreakers();
            String victimBreaker = breakers.instanceBreakerName(victim.socketAddress());
            List<Transition> transitions = new CopyOnWriteArrayList<>();
            breakers.instanceBreakers().circuitBreaker(victimBreaker).getEventPublisher().onStateTransition(
                event -> transitions.add(new Transition(clock.incrementAndGet(), event.getStateTransition())));

            try (Load load = new Load(client, Integer.MAX_VALUE)) {
                Eventually.await("calls before the kill", () -> load.issued.get() >= CALLS_BEFORE_KILL);
                int port = victim.server.port();
                victim.close();

                Eventually.await("the dead instance's breaker opens",
                    () -> breakers.states().get(victimBreaker) == CircuitBreaker.State.OPEN);
                Eventually.await("a trial call fails while the instance is dead and opens the breaker again",
                    () -> transitions.stream().anyMatch(t -> t.change() == CircuitBreaker.StateTransition.HALF_OPEN_TO_OPEN));

                revived = slightlySlow("revived", port);
                NamedServer back = revived;
                Eventually.await("the breaker closes once the instance is back",
                    () -> breakers.states().get(victimBreaker) == CircuitBreaker.State.CLOSED);
                int requestsAtClose = back.requests.get();
                Eventually.await("the instance takes calls again", () -> back.requests.get() >= requestsAtClose + 100);
                load.stop();
                load.awaitEnd();

                assertThat(load.failures.sum()).as("calls that failed").isZero();
                assertThat(load.answeredBy("victim")).as("calls the victim answered before it died").isPositive();
                assertThat(load.answeredBy("revived")).as("calls answered on the same address after the restart")
                    .isGreaterThanOrEqualTo(100);
            }

            assertThat(transitions.get(0).change()).isEqualTo(CircuitBreaker.StateTransition.CLOSED_TO_OPEN);
            assertThat(transitions.get(transitions.size() - 1).change())
                .isEqualTo(CircuitBreaker.StateTransition.HALF_OPEN_TO_CLOSED);
            assertThat(breakers.states().get(victimBreaker)).isEqualTo(CircuitBreaker.State.CLOSED);
            SocketAddress victimAddress = victim.socketAddress();
            List<Pick> whileOpen = picks.picks.stream().filter(p -> picked(p, transitions)).toList();
            assertThat(whileOpen).as("attempts picked while the breaker was open").isNotEmpty();
            assertThat(whileOpen).as("attempts picked while the breaker was open that went to the dead instance")
                .noneMatch(p -> victimAddress.equals(p.address()));
            assertThat(picks.picks).as("trial attempts to the dead instance once its breaker had opened")
                .anyMatch(p -> victimAddress.equals(p.address()) && p.before() > transitions.get(0).tick());
        } finally {
            a.close();
            b.close();
            victim.close();
            if (revived != null) {
                revived.close();
            }
        }
    }

    /**
     * Whether the whole pick of attempt {@code p} happened while the breaker was open: after a
     * transition to open and before the transition that followed it.
     */
    private static boolean picked(Pick p, List<Transition> transitions) {
        for (int i = 0; i < transitions.size(); i++) {
            Transition t = transitions.get(i);
            if (t.change().getToState() != CircuitBreaker.State.OPEN) {
                continue;
            }
            long end = i + 1 < transitions.size() ? transitions.get(i + 1).tick() : Long.MAX_VALUE;
            if (p.before() > t.tick() && p.after() < end) {
                return true;
            }
        }
        return false;
    }

    /** A server that keeps each call in flight for a millisecond, so that the kill catches some. */
    private static NamedServer slightlySlow(String name, int port) {
        return NamedServer.slow(name, port, Duration.ofMillis(1));
    }

    /** A change of the breaker's state, at a tick of the test's clock. */
    private record Transition(long tick, CircuitBreaker.StateTransition change) {
    }

    /**
     * The instance an attempt was sent to, between two ticks of the test's clock: the pick happens
     * within the middleware chain's call, once the instances are known.
     */
    private record Pick(SocketAddress address, long before, long after) {
    }

    /** Records the {@link Pick} of every attempt. */
    private static final class PickRecorder implements Middleware {
        final AtomicLong clock;
        final List<Pick> picks = new CopyOnWriteArrayList<>();

        PickRecorder(AtomicLong clock) {
            this.clock = clock;
        }

        @Override
        public Endpoint wrap(Endpoint next) {
            return (info, request) -> {
                long before = clock.incrementAndGet();
                CompletableFuture<Object> result = next.call(info, request);
                picks.add(new Pick(info.callee().address(), before, clock.incrementAndGet()));
                return result;
            };
        }
    }

    /**
     * {@value #THREADS} threads calling {@code name} one call after another, up to a number of calls
     * or until stopped, counting the calls that fail and who answered the others.
     */
    private static final class Load implements AutoCloseable {
        final AtomicInteger issued = new AtomicInteger();
        final LongAdder failures = new LongAdder();
        private final Map<String, LongAdder> answeredBy = new ConcurrentHashMap<>();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final ExecutorService callers = Executors.newFixedThreadPool(THREADS);
        private final List<Future<?>> running = new ArrayList<>();

        Load(KitexClient client, int calls) {
            for (int t = 0; t < THREADS; t++) {
                running.add(callers.submit(() -> {
                    while (!stopped.get() && issued.incrementAndGet() <= calls) {
                        try {
                            String name = client.callBlocking(NamedService.NAME, "");
                            answeredBy.computeIfAbsent(name, n -> new LongAdder()).increment();
                        } catch (RuntimeException e) {
                            failures.increment();
                        }
                    }
                }));
            }
        }

        long answeredBy(String name) {
            LongAdder answered = answeredBy.get(name);
            return answered == null ? 0 : answered.sum();
        }

        void stop() {
            stopped.set(true);
        }

        void awaitEnd() throws Exception {
            for (Future<?> f : running) {
                f.get();
            }
        }

        @Override
        public void close() {
            stopped.set(true);
            callers.shutdownNow();
        }
    }
}
