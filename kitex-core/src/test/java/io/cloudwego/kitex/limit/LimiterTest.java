package io.cloudwego.kitex.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The limiter's arithmetic, on a clock the test moves. */
class LimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<LimitKind> refusals = new ArrayList<>();

    private Limiter limiter(int maxConnections, int maxQps, int maxConcurrency) {
        return new Limiter(new Limits(maxConnections, maxQps, maxConcurrency), refusals::add, now::get);
    }

    private int granted(Limiter limiter, int attempts) {
        int granted = 0;
        for (int i = 0; i < attempts; i++) {
            Permit permit = limiter.tryAcquire();
            if (permit.isGranted()) {
                granted++;
                permit.release();
            }
        }
        return granted;
    }

    @Test
    void qpsAdmitsATenthOfASecondsWorthAtOnceThenTheRate() {
        Limiter limiter = limiter(0, 100, 0);
        assertThat(granted(limiter, 50)).as("the burst: 100 ms worth").isEqualTo(10);
        assertThat(refusals).hasSize(40).containsOnly(LimitKind.MAX_QPS);

        now.addAndGet(50_000_000L);
        assertThat(granted(limiter, 50)).as("50 ms later").isEqualTo(5);

        for (int tick = 0; tick < 100; tick++) {
            now.addAndGet(10_000_000L);
            assertThat(granted(limiter, 3)).as("one per 10 ms").isEqualTo(1);
        }

        now.addAndGet(60_000_000_000L);
        assertThat(granted(limiter, 50)).as("a long pause refills only the burst").isEqualTo(10);
    }

    @Test
    void aRateBelowTenStillAdmitsOneAtATime() {
        Limiter limiter = limiter(0, 2, 0);
        assertThat(granted(limiter, 5)).isEqualTo(1);
        now.addAndGet(500_000_000L);
        assertThat(granted(limiter, 5)).isEqualTo(1);
    }

    @Test
    void concurrencyCountsPermitsUntilReleasedOnce() {
        Limiter limiter = limiter(0, 0, 2);
        Permit first = limiter.tryAcquire();
        Permit second = limiter.tryAcquire();
        Permit third = limiter.tryAcquire();
        assertThat(first.isGranted()).isTrue();
        assertThat(second.isGranted()).isTrue();
        assertThat(third.isGranted()).isFalse();
        assertThat(third.refusedBy()).isEqualTo(LimitKind.MAX_CONCURRENCY);
        assertThat(third.refusedBy().message()).isEqualTo("request over limit: too many concurrent requests");

        first.release();
        first.release();
        assertThat(limiter.tryAcquire().isGranted()).isTrue();
        assertThat(limiter.tryAcquire().isGranted()).as("a second release of one permit frees nothing").isFalse();
    }

    @Test
    void aRequestRefusedForQpsHoldsNoConcurrency() {
        Limiter limiter = limiter(0, 10, 1);
        Permit permit = limiter.tryAcquire();
        permit.release();
        Permit refused = limiter.tryAcquire();
        assertThat(refused.refusedBy()).isEqualTo(LimitKind.MAX_QPS);
        now.addAndGet(100_000_000L);
        assertThat(limiter.tryAcquire().isGranted()).isTrue();
    }

    @Test
    void connectionsAreCountedUntilReleased() {
        Limiter limiter = limiter(2, 0, 0);
        assertThat(limiter.tryAcquireConnection()).isTrue();
        assertThat(limiter.tryAcquireConnection()).isTrue();
        assertThat(limiter.tryAcquireConnection()).isFalse();
        limiter.releaseConnection();
        assertThat(limiter.tryAcquireConnection()).isTrue();
        assertThat(refusals).containsExactly(LimitKind.MAX_CONNECTIONS);
    }

    @Test
    void withoutLimitsEverythingIsAdmitted() {
        Limiter limiter = new Limiter(Limits.NONE, refusals::add);
        assertThat(granted(limiter, 10_000)).isEqualTo(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAcquireConnection()).isTrue();
        }
        assertThat(refusals).isEmpty();
    }

    @Test
    void negativeLimitsAreRejectedByName() {
        assertThatThrownBy(() -> new Limits(0, -1, 0)).hasMessageContaining("maxQps");
    }
}
