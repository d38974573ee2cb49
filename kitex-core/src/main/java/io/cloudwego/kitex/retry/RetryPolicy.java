package io.cloudwego.kitex.retry;

import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.errors.CircuitOpenException;
import io.cloudwego.kitex.errors.KitexException;
import io.cloudwego.kitex.internal.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * How a client sends more than one attempt of a call: a <b>failure retry</b> (another attempt
 * after one fails) or a <b>backup request</b> (a second copy when the first is slow, the first
 * answer taken), as Kitex's {@code retry.Policy}. Immutable; the {@code with...} methods return
 * copies.
 *
 * <p>Every policy also has a {@linkplain #budgetPercent() retry budget}: retries and backup
 * requests of a method stay within a percentage of its calls. An attempt that is itself a retry
 * carries the persistent metainfo value {@value #RETRY_MARKER} (the retry's number), and with
 * {@linkplain #chainStop() chain stop} a client whose call carries it does not retry in its turn,
 * so that retries do not multiply down a call chain.
 */
public final class RetryPolicy {
    /** The persistent metainfo key that marks an attempt as a retry, as Kitex's {@code RPC_PERSIST_RetryReq}. */
    public static final String RETRY_MARKER = "RetryReq";
    /** Retries of a failure retry policy unless set, as Kitex. */
    public static final int DEFAULT_MAX_RETRIES = 2;
    /** The most retries a failure retry policy may have, as Kitex. */
    public static final int MAX_RETRIES = 5;
    /** The most backup requests a call may send, as Kitex. */
    public static final int MAX_BACKUPS = 2;
    /** The share of a method's calls its retries and backup requests may add, unless set. */
    public static final int DEFAULT_BUDGET_PERCENT = 10;

    /** The kinds of policy. */
    public enum Type {
        /** Another attempt after an attempt fails. */
        FAILURE_RETRY,
        /** Another copy of the request when no answer came within a delay; the first answer wins. */
        BACKUP_REQUEST
    }

    private final Type type;
    private final int maxRetries;
    private final Backoff backoff;
    private final Duration backupDelay;
    private final Duration maxDuration;
    private final int budgetPercent;
    private final boolean chainStop;

    private RetryPolicy(Type type, int maxRetries, Backoff backoff, Duration backupDelay, Duration maxDuration,
                        int budgetPercent, boolean chainStop) {
        this.type = type;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.backupDelay = backupDelay;
        this.maxDuration = maxDuration;
        this.budgetPercent = budgetPercent;
        this.chainStop = chainStop;
    }

    /** A failure retry with up to {@value #DEFAULT_MAX_RETRIES} retries, no back-off. */
    public static RetryPolicy failureRetry() {
        return failureRetry(DEFAULT_MAX_RETRIES);
    }

    /** A failure retry with up to {@code maxRetries} retries (0 to {@value #MAX_RETRIES}), no back-off. */
    public static RetryPolicy failureRetry(int maxRetries) {
        return new RetryPolicy(Type.FAILURE_RETRY, Settings.between(maxRetries, 0, MAX_RETRIES, "maxRetries"),
            Backoff.NONE, Duration.ZERO, Duration.ZERO, DEFAULT_BUDGET_PERCENT, true);
    }

    /** A backup request sent when the call has had no answer after {@code delay}; one backup at most. */
    public static RetryPolicy backupRequest(Duration delay) {
        return new RetryPolicy(Type.BACKUP_REQUEST, 1, Backoff.NONE, Settings.positive(delay, "backup delay"),
            Duration.ZERO, DEFAULT_BUDGET_PERCENT, true);
    }

    /** This failure retry with {@code backoff} before each retry. */
    public RetryPolicy withBackoff(Backoff backoff) {
        requireType(Type.FAILURE_RETRY, "a back-off");
        return new RetryPolicy(type, maxRetries, Objects.requireNonNull(backoff, "backoff"), backupDelay, maxDuration,
            budgetPercent, chainStop);
    }

    /** This backup request policy with up to {@code maxBackups} backups (1 to {@value #MAX_BACKUPS}), each after the delay. */
    public RetryPolicy withMaxBackups(int maxBackups) {
        requireType(Type.BACKUP_REQUEST, "backups");
        return new RetryPolicy(type, Settings.between(maxBackups, 1, MAX_BACKUPS, "maxBackups"), backoff,
            backupDelay, maxDuration, budgetPercent, chainStop);
    }

    /**
     * This failure retry with no retry sent once {@code maxDuration} has passed since the call
     * started (Kitex's {@code MaxDurationMS}); {@link Duration#ZERO} for no such limit (the default).
     */
    public RetryPolicy withMaxDuration(Duration maxDuration) {
        requireType(Type.FAILURE_RETRY, "a max duration");
        return new RetryPolicy(type, maxRetries, backoff, backupDelay,
            Settings.zeroOrPositive(maxDuration, "maxDuration"), budgetPercent, chainStop);
    }

    /**
     * This policy with retries and backups of a method kept within {@code percent} (1 to 100) of
     * its calls; default {@value #DEFAULT_BUDGET_PERCENT}.
     */
    public RetryPolicy withBudgetPercent(int percent) {
        return new RetryPolicy(type, maxRetries, backoff, backupDelay, maxDuration,
            Settings.between(percent, 1, 100, "budgetPercent"), chainStop);
    }

    /**
     * This policy with chain stop on or off (default on): on, a call that is itself a retry
     * upstream (its metainfo has {@value #RETRY_MARKER}) is not retried after it may have reached
     * the server, nor backed up.
     */
    public RetryPolicy withChainStop(boolean chainStop) {
        return new RetryPolicy(type, maxRetries, backoff, backupDelay, maxDuration, budgetPercent, chainStop);
    }

    public Type type() {
        return type;
    }

    /** The most retries (failure retry) or backup requests (backup request) of one call. */
    public int maxRetries() {
        return maxRetries;
    }

    /** The wait before each failure retry. */
    public Backoff backoff() {
        return backoff;
    }

    /** The delay after which a backup request is sent; {@link Duration#ZERO} for a failure retry. */
    public Duration backupDelay() {
        return backupDelay;
    }

    /** The time after the call's start past which no failure retry is sent; zero for none. */
    public Duration maxDuration() {
        return maxDuration;
    }

    /** The most retries and backups of a method, as a percentage of its calls. */
    public int budgetPercent() {
        return budgetPercent;
    }

    /** Whether a call that is itself a retry upstream is not retried again. */
    public boolean chainStop() {
        return chainStop;
    }

    /**
     * Whether a failed attempt may be sent again: always when it certainly never reached the
     * server (no connection, no instance, a server over its limit); otherwise only for an
     * idempotent method and an error that is not the server's business answer
     * ({@link BizStatusException}, or an exception the IDL declares). Never when a circuit breaker
     * refused the call: its breaker is open because calls fail, and a retry would only add to them.
     */
    public static boolean isRetryable(Throwable error, boolean idempotent) {
        if (!(error instanceof KitexException kitex) || error instanceof CircuitOpenException) {
            return false;
        }
        if (!kitex.mayHaveReachedServer()) {
            return true;
        }
        return idempotent && !(error instanceof BizStatusException);
    }

    private void requireType(Type required, String what) {
        if (type != required) {
            throw new IllegalStateException("a " + type + " policy has no " + what);
        }
    }

    @Override
    public String toString() {
        return type == Type.FAILURE_RETRY
            ? "failure retry{maxRetries=" + maxRetries + ", maxDuration=" + maxDuration + ", budget=" + budgetPercent
                + "%, chainStop=" + chainStop + '}'
            : "backup request{delay=" + backupDelay + ", maxBackups=" + maxRetries + ", budget=" + budgetPercent
                + "%, chainStop=" + chainStop + '}';
    }
}
