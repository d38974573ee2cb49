package io.cloudwego.kitex.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.NamedService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backup requests against one slow instance and two fast ones on loopback. Which instance's reply
 * a call took is its result (each server answers with its name), so the tests count results, not
 * times.
 */
class BackupRequestTest {
    private static final Duration SLOW = Duration.ofMillis(600);
    private static final int CALLS = 15;

    private static NamedServer slow;
    private static NamedServer fast1;
    private static NamedServer fast2;

    @BeforeAll
    static void startServers() {
        slow = NamedServer.slow("slow", SLOW);
        fast1 = NamedServer.answering("fast-1");
        fast2 = NamedServer.answering("fast-2");
    }

    @AfterAll
    static void stopServers() {
        slow.close();
        fast1.close();
        fast2.close();
    }

    private static KitexClient.Builder client() {
        return KitexClient.builder("named", NamedService.DESCRIPTOR)
            .addresses(slow.address(), fast1.address(), fast2.address())
            .rpcTimeout(Duration.ofSeconds(10));
    }

    private static List<String> call(KitexClient client, int calls) {
        List<String> results = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            results.add(client.callBlocking(NamedService.NAME, ""));
        }
        return results;
    }

    @Test
    void withoutBackupEveryThirdCallWaitsForTheSlowInstance() {
        try (KitexClient client = client().build()) {
            assertThat(call(client, CALLS)).filteredOn("slow"::equals).hasSize(CALLS / 3);
        }
    }

    @Test
    void withBackupNoCallTakesTheSlowInstancesReplyAndItsLateRepliesAreDiscarded() {
        int slowBefore = slow.requests.get();
        try (KitexClient client = client()
            .retry(RetryPolicy.backupRequest(Duration.ofMillis(20)).withBudgetPercent(100))
            .build()) {
            List<String> results = call(client, CALLS);

            assertThat(results).doesNotContain("slow").hasSize(CALLS);
            int slowRequests = slow.requests.get() - slowBefore;
            assertThat(slowRequests).as("the slow instance still got its share of first attempts").isPositive();
            RetryBudget budget = client.retryBudget("name");
            assertThat(budget.totalRetries()).as("one backup per call first sent to the slow instance")
                .isGreaterThanOrEqualTo(slowRequests);
            // The server runs the abandoned requests to the end; their replies reach a client that
            // dropped their calls (the leak detector checks that every buffer is released).
            Eventually.await("the slow instance answered every request", () -> slowRepliesDone(slowRequests, slowBefore));
        }
    }

    @Test
    void aBackupIsNotSentWhenTheFirstAttemptAnswersWithinTheDelay() {
        try (KitexClient client = KitexClient.builder("named", NamedService.DESCRIPTOR)
            .addresses(fast1.address())
            .rpcTimeout(Duration.ofSeconds(10))
            .retry(RetryPolicy.backupRequest(Duration.ofSeconds(5)))
            .build()) {
            assertThat(call(client, 5)).containsOnly("fast-1");
            assertThat(client.retryBudget("name").totalRetries()).isZero();
        }
    }

    private static boolean slowRepliesDone(int slowRequests, int slowBefore) {
        return slow.server.metrics().inFlightRequests() == 0 && slow.requests.get() - slowBefore == slowRequests;
    }
}
