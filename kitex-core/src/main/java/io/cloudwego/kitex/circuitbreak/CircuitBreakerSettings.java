package io.cloudwego.kitex.circuitbreak;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;

/**
 * How a client's circuit breakers open and close; {@link #DEFAULT} has Kitex's values. A breaker
 * opens when, over the last {@code window}, at least {@code minSamples} calls were counted and
 * the share of failures among them reached {@code errorRate}. It then refuses calls for {@code
 * waitInOpen}, lets {@code halfOpenCalls} calls through, and closes again if fewer than {@code
 * errorRate} of them failed (else it opens again).
 *
 * <p>As Resilience4j settings: {@code failureRateThreshold = errorRate × 100}, {@code
 * minimumNumberOfCalls = minSamples}, a time-based sliding window of {@code window} seconds, {@code
 * waitDurationInOpenState = waitInOpen}, {@code permittedNumberOfCallsInHalfOpenState =
 * halfOpenCalls}.
 *
 * @param errorRate the share of failed calls, above 0 and at most 1, at which a breaker opens
 * @param minSamples the fewest calls in the window before a breaker may open
 * @param window the time over which calls are counted, in whole seconds
 * @param waitInOpen how long an open breaker refuses every call
 * @param halfOpenCalls the trial calls let through after the wait; with the default error rate of
 *     0.5, two trial calls must both succeed to close the breaker, as Kitex's two successes
 */
public record CircuitBreakerSettings(double errorRate, int minSamples, Duration window, Duration waitInOpen,
                                     int halfOpenCalls) {

    /** Kitex's defaults: error rate 0.5, 200 samples, a 10 s window, 5 s open, 2 trial calls. */
    public static final CircuitBreakerSettings DEFAULT =
        new CircuitBreakerSettings(0.5, 200, Duration.ofSeconds(10), Duration.ofSeconds(5), 2);

    /** @throws IllegalArgumentException naming the setting that is out of range */
    public CircuitBreakerSettings {
        if (!(errorRate > 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("errorRate must be above 0 and at most 1: " + errorRate);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1: " + minSamples);
        }
        if (window == null || window.isNegative() || window.isZero() || window.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("window must be a positive whole number of seconds: " + window);
        }
        if (waitInOpen == null || waitInOpen.isNegative() || waitInOpen.isZero()) {
            throw new IllegalArgumentException("waitInOpen must be positive: " + waitInOpen);
        }
        if (halfOpenCalls < 1) {
            throw new IllegalArgumentException("halfOpenCalls must be at least 1: " + halfOpenCalls);
        }
    }

    public CircuitBreakerSettings withErrorRate(double errorRate) {
        return new CircuitBreakerSettings(errorRate, minSamples, window, waitInOpen, halfOpenCalls);
    }

    public CircuitBreakerSettings withMinSamples(int minSamples) {
        return new CircuitBreakerSettings(errorRate, minSamples, window, waitInOpen, halfOpenCalls);
    }

    public CircuitBreakerSettings withWindow(Duration window) {
        return new CircuitBreakerSettings(errorRate, minSamples, window, waitInOpen, halfOpenCalls);
    }

    public CircuitBreakerSettings withWaitInOpen(Duration waitInOpen) {
        return new CircuitBreakerSettings(errorRate, minSamples, window, waitInOpen, halfOpenCalls);
    }

    public CircuitBreakerSettings withHalfOpenCalls(int halfOpenCalls) {
        return new CircuitBreakerSettings(errorRate, minSamples, window, waitInOpen, halfOpenCalls);
    }

    /** These settings as a Resilience4j configuration. */
    public CircuitBreakerConfig toResilience4j() {
        return CircuitBreakerConfig.custom()
            .failureRateThreshold((float) (errorRate * 100))
            .slidingWindowType(SlidingWindowType.TIME_BASED)
            .slidingWindowSize((int) window.toSeconds())
            .minimumNumberOfCalls(minSamples)
            .waitDurationInOpenState(waitInOpen)
            .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
            .build();
    }
}
