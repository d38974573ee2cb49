package io.cloudwego.kitex.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.testing.NamedService;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Chain stop over A → B → C, three real hops in one JVM: C always fails, B calls C and fails its own
 * first request, A retries B. B's call to C made while handling A's retry carries the retry marker
 * and is not retried; the one made while handling A's first attempt is.
 */
class ChainStopTest {

    @Test
    void aCallThatIsItselfARetryIsNotRetriedDownstream() {
        AtomicReference<KitexClient> toC = new AtomicReference<>();
        try (NamedServer c = NamedServer.failing("c");
             NamedServer b = new NamedServer("b", (name, n) -> {
                 String downstream;
                 try {
                     downstream = toC.get().callBlocking(NamedService.NAME, "");
                 } catch (RuntimeException e) {
                     downstream = "failed";
                 }
                 if (n == 1) {
                     throw new IllegalStateException("b fails its first request");
                 }
                 return name + " after c " + downstream;
             });
             KitexClient bToC = retryingClient(c);
             KitexClient aToB = retryingClient(b)) {
            toC.set(bToC);

            assertThat(aToB.callBlocking(NamedService.NAME, "")).isEqualTo("b after c failed");

            assertThat(b.retryMarkers).containsExactly("-", "1");
            assertThat(c.retryMarkers).as("B retried C twice for A's first attempt, and not at all for its retry")
                .containsExactly("-", "1", "2", "1");
        }
    }

    @Test
    void withChainStopOffADownstreamClientRetriesRetriesToo() {
        AtomicReference<KitexClient> toC = new AtomicReference<>();
        try (NamedServer c = NamedServer.failing("c");
             NamedServer b = new NamedServer("b", (name, n) -> {
                 try {
                     return toC.get().callBlocking(NamedService.NAME, "");
                 } catch (RuntimeException e) {
                     return "failed";
                 }
             });
             KitexClient bToC = KitexClient.builder("c", NamedService.DESCRIPTOR).addresses(c.address())
                 .rpcTimeout(Duration.ofSeconds(10))
                 .retry(RetryPolicy.failureRetry(1).withChainStop(false).withBudgetPercent(100))
                 .idempotent("name")
                 .build();
             KitexClient aToB = KitexClient.builder("b", NamedService.DESCRIPTOR).addresses(b.address()).build()) {
            toC.set(bToC);
            try (Metainfo.Scope scope = Metainfo.current()
                .withPersistent(RetryPolicy.RETRY_MARKER, "1").makeCurrent()) {
                assertThat(aToB.callBlocking(NamedService.NAME, "")).isEqualTo("failed");
            }
            assertThat(c.retryMarkers).containsExactly("1", "1");
        }
    }

    private static KitexClient retryingClient(NamedServer server) {
        return KitexClient.builder(server.name, NamedService.DESCRIPTOR)
            .addresses(server.address())
            .rpcTimeout(Duration.ofSeconds(10))
            .retry(RetryPolicy.failureRetry(2).withBudgetPercent(100))
            .idempotent("name")
            .build();
    }
}
