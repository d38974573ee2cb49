package io.cloudwego.kitex.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.NamedService;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * every caller, and calls stop going to it.
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
        NamedServer a = slightlySlow("a");
        NamedServer b = slightlySlow("b");
        NamedServer victim = slightlySlow("victim");
        FailureRetryTest.AttemptRecorder attempts = new FailureRetryTest.AttemptRecorder();
        ExecutorService callers = Executors.newFixedThreadPool(THREADS);
        try (KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
            .addresses(a.address(), b.address(), victim.address())
            .rpcTimeout(Duration.ofSeconds(10))
            .retry(RetryPolicy.failureRetry())
            .idempotent("name")
            .middleware(attempts)
            .build()) {
            AtomicInteger issued = new AtomicInteger();
            AtomicBoolean killed = new AtomicBoolean();
            AtomicLong callsAtKill = new AtomicLong();
            LongAdder failures = new LongAdder();
            Map<String, LongAdder> answeredBy = new ConcurrentHashMap<>();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                running.add(callers.submit(() -> {
                    while (issued.incrementAndGet() <= CALLS_BEFORE_KILL + CALLS_AFTER_KILL) {
                        try {
                            String name = client.callBlocking(NamedService.NAME, "");
                            answeredBy.computeIfAbsent(name, n -> new LongAdder()).increment();
                        } catch (RuntimeException e) {
                            failures.increment();
                        }
                    }
                }));
            }
            Eventually.await("calls before the kill", () -> issued.get() >= CALLS_BEFORE_KILL);
            callsAtKill.set(attempts.attempts.size());
            victim.close();
            killed.set(true);
            for (Future<?> f : running) {
                f.get();
            }

            assertThat(failures.sum()).as("calls that failed").isZero();
            assertThat(answeredBy.get("victim").sum()).as("calls the victim answered before it died").isPositive();
            SocketAddress victimAddress = victim.socketAddress();
            List<SocketAddress> after = attempts.addresses.subList((int) callsAtKill.get(), attempts.addresses.size());
            List<SocketAddress> lastHalf = after.subList(after.size() / 2, after.size());
            long toVictim = lastHalf.stream().filter(victimAddress::equals).count();
            assertThat(toVictim).as("attempts to the dead instance among the last %d", lastHalf.size())
                .isLessThan(lastHalf.size() / 20);
            assertThat(client.retryBudget("name").totalRetries()).as("retries").isPositive();
        } finally {
            callers.shutdownNow();
            a.close();
            b.close();
            victim.close();
        }
    }

    /** A server that keeps each call in flight for a millisecond, so that the kill catches some. */
    private static NamedServer slightlySlow(String name) {
        return NamedServer.slow(name, Duration.ofMillis(1));
    }
}
