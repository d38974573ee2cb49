package io.cloudwego.kitex.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.circuitbreak.CircuitBreakerSettings;
import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.errors.KitexException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.testing.NamedService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fallbacks replace the error of a failed call, after any retries. */
class FallbackTest {

    @Test
    void aFallbackAnswersInPlaceOfAnErrorAfterTheRetries() {
        try (NamedServer failing = NamedServer.failing("failing");
             KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
                 .addresses(failing.address())
                 .retry(RetryPolicy.failureRetry(1))
                 .idempotent("name")
                 .fallback(NamedService.NAME, (info, args, error) -> "fallback after " + error.getClass().getSimpleName())
                 .build()) {
            assertThat(client.callBlocking(NamedService.NAME, "")).isEqualTo("fallback after RemoteApplicationException");
            assertThat(failing.requests).hasValue(2);
        }
    }

    @Test
    void aFallbackAnswersInPlaceOfATimeoutAndOfARefusedConnection() {
        try (NamedServer slow = NamedServer.slow("slow", Duration.ofMillis(500));
             KitexClient toSlow = KitexClient.builder("named", NamedService.DESCRIPTOR)
                 .addresses(slow.address())
                 .rpcTimeout(Duration.ofMillis(100))
                 .fallback(NamedService.NAME, (info, args, error) -> error instanceof RpcTimeoutException ? "late" : "other")
                 .build();
             KitexClient toNothing = KitexClient.builder("named", NamedService.DESCRIPTOR)
                 .addresses(NamedServer.deadAddress())
                 .fallback(NamedService.NAME, (info, args, error) -> ((KitexException) error).mayHaveReachedServer()
                     ? "maybe ran" : "never ran")
                 .build()) {
            assertThat(toSlow.callBlocking(NamedService.NAME, "")).isEqualTo("late");
            assertThat(toNothing.callBlocking(NamedService.NAME, "")).isEqualTo("never ran");
        }
    }

    @Test
    void aFallbackAnswersWhenTheCircuitIsOpenAndAnOpenCircuitIsNotRetried() {
        try (NamedServer failing = NamedServer.failing("failing");
             KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
                 .addresses(failing.address())
                 .circuitBreaker(CircuitBreakerSettings.DEFAULT.withErrorRate(0.5).withMinSamples(4))
                 .retry(RetryPolicy.failureRetry(1).withBudgetPercent(100))
                 .idempotent("name")
                 .fallback(NamedService.NAME, (info, args, error) -> error.getClass().getSimpleName())
                 .build()) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(client.callBlocking(NamedService.NAME, ""));
            }
            assertThat(answers).contains("RemoteApplicationException").endsWith("CircuitOpenException");
            int requests = failing.requests.get();
            assertThat(client.callBlocking(NamedService.NAME, "")).isEqualTo("CircuitOpenException");
            assertThat(failing.requests).as("an open circuit sends nothing, retries included").hasValue(requests);
        }
    }

    @Test
    void aFallbackThatThrowsFailsTheCallWithWhatItThrows() {
        try (NamedServer failing = NamedServer.failing("failing");
             KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
                 .addresses(failing.address())
                 .fallback(NamedService.NAME, (info, args, error) -> {
                     if (error instanceof RemoteApplicationException remote) {
                         throw new IllegalStateException("no fallback for " + info.method(), remote);
                     }
                     return "unexpected";
                 })
                 .build()) {
            assertThatThrownBy(() -> client.callBlocking(NamedService.NAME, ""))
                .isInstanceOf(IllegalStateException.class).hasMessage("no fallback for name")
                .hasCauseInstanceOf(RemoteApplicationException.class);
        }
    }
}
