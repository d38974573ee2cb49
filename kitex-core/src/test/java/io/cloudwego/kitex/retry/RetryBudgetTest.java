package io.cloudwego.kitex.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.testing.NamedService;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry budget keeps retries within a share of the calls, against a real failing server. */
class RetryBudgetTest {
    private static final int CALLS = 300;

    @Test
    void retriesOfCallsThatAllFailStayWithinTenPercentOfTheCalls() {
        try (NamedServer failing = NamedServer.failing("failing");
             KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
                 .addresses(failing.address())
                 .rpcTimeout(Duration.ofSeconds(10))
                 .retry(RetryPolicy.failureRetry(5))
                 .idempotent("name")
                 .build()) {
            for (int i = 0; i < CALLS; i++) {
                assertThatThrownBy(() -> client.callBlocking(NamedService.NAME, ""))
                    .as("a call over budget fails with its own error").isInstanceOf(RemoteApplicationException.class);
            }
            RetryBudget budget = client.retryBudget("name");
            long retries = failing.requests.get() - CALLS;
            assertThat(budget.totalCalls()).isEqualTo(CALLS);
            assertThat(budget.totalRetries()).isEqualTo(retries);
            assertThat(retries).as("retries sent").isPositive()
                .isLessThanOrEqualTo(CALLS * RetryPolicy.DEFAULT_BUDGET_PERCENT / 100 + slack());
            assertThat(budget.totalRefused()).as("retries refused").isPositive();
        }
    }

    @Test
    void theBudgetAllowsAFewRetriesPerWindowAndThenAShareOfTheCalls() {
        RetryBudget budget = new RetryBudget();
        for (int i = 0; i < RetryBudget.MIN_RETRIES_PER_WINDOW; i++) {
            assertThat(budget.tryAcquire(10)).isTrue();
        }
        assertThat(budget.tryAcquire(10)).isFalse();
        for (int i = 0; i < 20; i++) {
            budget.recordCall();
        }
        assertThat(budget.tryAcquire(10)).isTrue();
        assertThat(budget.tryAcquire(10)).isTrue();
        assertThat(budget.tryAcquire(10)).isFalse();
        assertThat(budget.totalRetries()).isEqualTo(RetryBudget.MIN_RETRIES_PER_WINDOW + 2);
        assertThat(budget.totalRefused()).isEqualTo(2);
    }

    /**
     * The retries allowed beyond the share: a few per window. The test runs within one window on
     * any sane machine; each extra window it spans allows as many again.
     */
    private static long slack() {
        return 3L * RetryBudget.MIN_RETRIES_PER_WINDOW;
    }
}
