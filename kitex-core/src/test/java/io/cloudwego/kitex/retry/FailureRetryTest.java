package io.cloudwego.kitex.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.client.CallPolicy;
import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.endpoint.Endpoint;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.NamedService;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Failure retry against real servers on loopback. */
class FailureRetryTest {

    /** Records the number and instance of every attempt that completes. */
    static final class AttemptRecorder implements Middleware {
        final List<Integer> attempts = new CopyOnWriteArrayList<>();
        final List<SocketAddress> addresses = new CopyOnWriteArrayList<>();
        final List<Set<SocketAddress>> avoided = new CopyOnWriteArrayList<>();

        @Override
        public Endpoint wrap(Endpoint next) {
            return (info, request) -> next.call(info, request).whenComplete((result, error) -> {
                attempts.add(info.attempt());
                addresses.add(info.callee().address());
                avoided.add(info.avoidAddresses());
            });
        }
    }

    @Test
    void refusedConnectionIsRetriedOnAnotherInstanceEvenForAMethodNotIdempotent() {
        String dead = NamedServer.deadAddress();
        try (NamedServer live = NamedServer.answering("live");
             KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
                 .addresses(dead, live.address())
                 .rpcTimeout(Duration.ofSeconds(5))
                 .retry(RetryPolicy.failureRetry())
                 .build()) {
            for (int i = 0; i < 6; i++) {
                assertThat(client.callBlocking(NamedService.NAME, "")).isEqualTo("live");
            }
            assertThat(live.requests).hasValue(6);
        }
    }

    @Test
    void withoutRetryARefusedConnectionFailsTheCall() {
        String dead = NamedServer.deadAddress();
        try (KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR).addresses(dead).build()) {
            assertThatThrownBy(() -> client.callBlocking(NamedService.NAME, "")).isInstanceOf(ConnectFailedException.class);
        }
    }

    @Test
    void timeoutOfAMethodNotIdempotentIsNotRetried() {
        try (NamedServer slowOnce = slowFirstRequest();
             KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
                 .addresses(slowOnce.address())
                 .rpcTimeout(Duration.ofSeconds(5))
                 .retry(RetryPolicy.failureRetry())
                 .build()) {
            warmUpThenTimeoutAfter(client, Duration.ofMillis(100));
            assertThatThrownBy(() -> client.callBlocking(NamedService.NAME, "")).isInstanceOf(RpcTimeoutException.class);
            assertThat(client.retryBudget("name").totalRetries()).isZero();
            assertThat(slowOnce.requests).hasValue(2);
        }
    }

    @Test
    void timeoutOfAnIdempotentMethodIsRetriedWithANewAttemptThatCarriesTheRetryMarker() {
        AttemptRecorder recorder = new AttemptRecorder();
        try (NamedServer slowOnce = slowFirstRequest();
             KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
                 .addresses(slowOnce.address())
                 .rpcTimeout(Duration.ofSeconds(5))
                 .retry(RetryPolicy.failureRetry())
                 .idempotent("name")
                 .middleware(recorder)
                 .build()) {
            warmUpThenTimeoutAfter(client, Duration.ofMillis(100));
            recorder.attempts.clear();
            assertThat(client.callBlocking(NamedService.NAME, "")).isEqualTo("slow-once");
            assertThat(recorder.attempts).containsExactlyInAnyOrder(0, 1);
            Eventually.await("the server saw both attempts", () -> slowOnce.retryMarkers.size() == 3);
            assertThat(slowOnce.retryMarkers).containsExactly("-", "-", "1");
            assertThat(client.retryBudget("name").totalRetries()).isEqualTo(1);
        }
    }

    @Test
    void applicationErrorsOfAnIdempotentMethodAreRetriedUpToMaxRetriesAvoidingTheInstancesThatFailed() {
        AttemptRecorder recorder = new AttemptRecorder();
        try (NamedServer a = NamedServer.failing("a");
             NamedServer b = NamedServer.failing("b");
             NamedServer c = NamedServer.failing("c");
             KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
                 .addresses(a.address(), b.address(), c.address())
                 .retry(RetryPolicy.failureRetry(2))
                 .idempotent("name")
                 .middleware(recorder)
                 .build()) {
            assertThatThrownBy(() -> client.callBlocking(NamedService.NAME, ""))
                .isInstanceOf(RemoteApplicationException.class);
            assertThat(recorder.attempts).containsExactly(0, 1, 2);
            assertThat(Set.copyOf(recorder.addresses)).as("each attempt on another instance").hasSize(3);
            assertThat(recorder.avoided.get(2)).containsExactlyInAnyOrder(recorder.addresses.get(0), recorder.addresses.get(1));
            assertThat(a.requests.get() + b.requests.get() + c.requests.get()).isEqualTo(3);
        }
    }

    @Test
    void aRetryIsSentToTheInstanceThatFailedWhenItIsTheOnlyOne() {
        try (NamedServer failing = NamedServer.failing("only");
             KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
                 .addresses(failing.address())
                 .retry(RetryPolicy.failureRetry(3))
                 .idempotent("name")
                 .build()) {
            assertThatThrownBy(() -> client.callBlocking(NamedService.NAME, ""))
                .isInstanceOf(RemoteApplicationException.class);
            assertThat(failing.requests).hasValue(4);
            assertThat(failing.retryMarkers).containsExactly("-", "1", "2", "3");
        }
    }

    @Test
    void noRetryIsSentPastTheMaxDuration() {
        try (NamedServer failing = NamedServer.failing("only");
             KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
                 .addresses(failing.address())
                 .retry(RetryPolicy.failureRetry(3).withBackoff(Backoff.fixed(Duration.ofSeconds(2)))
                     .withMaxDuration(Duration.ofSeconds(1)))
                 .idempotent("name")
                 .build()) {
            assertThatThrownBy(() -> client.callBlocking(NamedService.NAME, ""))
                .isInstanceOf(RemoteApplicationException.class);
            assertThat(failing.requests).hasValue(1);
        }
    }

    /**
     * Makes a first call with the client's generous timeout (connecting on a loaded machine may be
     * slow), then gives its calls {@code rpcTimeout}.
     */
    static void warmUpThenTimeoutAfter(KitexClient client, Duration rpcTimeout) {
        client.callBlocking(NamedService.NAME, "");
        CallPolicy policy = client.policies().policy("name");
        client.policies().update(policy.withRpcTimeout(rpcTimeout), Map.of());
    }

    /** A server slow to answer its second request (the first is a warm-up). */
    private static NamedServer slowFirstRequest() {
        return new NamedServer("slow-once", (name, n) -> {
            if (n == 2) {
                Thread.sleep(500);
            }
            return name;
        });
    }
}
