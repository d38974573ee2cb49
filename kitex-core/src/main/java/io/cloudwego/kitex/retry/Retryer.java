package io.cloudwego.kitex.retry;

import static io.cloudwego.kitex.internal.Futures.unwrap;

import io.cloudwego.kitex.endpoint.Endpoint;
import io.cloudwego.kitex.errors.KitexException;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs calls of one client under a {@link RetryPolicy}: sends each attempt through the client's
 * endpoint chain with an {@link RpcInfo} of its own ({@link RpcInfo#nextAttempt}), keeps a
 * {@link RetryBudget} per method, and completes the call with the first success or the error that
 * ends it.
 *
 * <p>An attempt after the first is sent only within the call's deadline: the caller's own deadline
 * when the call is made while handling a request, and for a backup request the call's RPC timeout
 * (each failure retry has the full RPC timeout, as in Kitex, unless the policy's max duration or
 * the caller's deadline leaves less).
 */
public final class Retryer {
    private final Timer timer;
    private final Map<String, RetryBudget> budgets = new ConcurrentHashMap<>();

    /** A retryer that schedules back-offs and backup requests on {@code timer}. */
    public Retryer(Timer timer) {
        this.timer = Objects.requireNonNull(timer, "timer");
    }

    /** The retry budget of {@code method}, made on first use. */
    public RetryBudget budget(String method) {
        return budgets.computeIfAbsent(method, m -> new RetryBudget());
    }

    /**
     * Runs the call {@code first} describes under {@code policy}.
     *
     * @param first the info of the first attempt, its RPC timeout already bounded by the caller's deadline
     * @param args the request
     * @param policy how to send more attempts
     * @param idempotent whether the method may run more than once, so that errors after the request
     *     may have reached the server are retried too
     * @param attemptTimeout the RPC timeout of one failure retry attempt before any deadline bounds it;
     *     {@link Duration#ZERO} for none
     * @param callerDeadlineNanos the {@link System#nanoTime()} by which the caller needs the answer, or 0
     * @param endpoint the chain each attempt goes through
     */
    public CompletableFuture<Object> call(RpcInfo first, Object args, RetryPolicy policy, boolean idempotent,
                                          Duration attemptTimeout, long callerDeadlineNanos, Endpoint endpoint) {
        RetryBudget budget = budget(first.method());
        budget.recordCall();
        boolean chainStopped = policy.chainStop() && first.metainfo().persistentValue(RetryPolicy.RETRY_MARKER) != null;
        long start = first.stats().startNanos();
        if (policy.type() == RetryPolicy.Type.BACKUP_REQUEST) {
            long deadline = first.rpcTimeout().isZero() ? callerDeadlineNanos
                : earliest(callerDeadlineNanos, start + first.rpcTimeout().toNanos());
            BackupCall call = new BackupCall(first, args, policy, budget, deadline, endpoint);
            call.start(chainStopped);
            return call.result;
        }
        long deadline = policy.maxDuration().isZero() ? callerDeadlineNanos
            : earliest(callerDeadlineNanos, start + policy.maxDuration().toNanos());
        FailureRetryCall call = new FailureRetryCall(first, args, policy, idempotent, chainStopped, budget,
            attemptTimeout, deadline, endpoint);
        call.send(first);
        return call.result;
    }

    private static long earliest(long deadline, long other) {
        return deadline == 0 ? other : Math.min(deadline, other);
    }

    private static CompletableFuture<Object> invoke(Endpoint endpoint, RpcInfo info, Object args) {
        try {
            return endpoint.call(info, args);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static RpcInfo attemptInfo(RpcInfo first, int attempt, Duration rpcTimeout, Set<SocketAddress> avoided) {
        Metainfo metainfo = first.metainfo().withPersistent(RetryPolicy.RETRY_MARKER, Integer.toString(attempt));
        RpcInfo info = first.nextAttempt(attempt, rpcTimeout, metainfo);
        info.avoidAddresses(avoided);
        return info;
    }

    /** The time left before {@code deadline}, or {@code null} when there is no deadline. */
    private static Duration remaining(long deadline) {
        return deadline == 0 ? null : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** One call under a failure retry policy: attempts one after the other. */
    private final class FailureRetryCall {
        final CompletableFuture<Object> result = new CompletableFuture<>();
        final RpcInfo first;
        final Object args;
        final RetryPolicy policy;
        final boolean idempotent;
        final boolean chainStopped;
        final RetryBudget budget;
        final Duration attemptTimeout;
        final long deadline;
        final Endpoint endpoint;
        final Set<SocketAddress> failedAt = ConcurrentHashMap.newKeySet();

        FailureRetryCall(RpcInfo first, Object args, RetryPolicy policy, boolean idempotent, boolean chainStopped,
                         RetryBudget budget, Duration attemptTimeout, long deadline, Endpoint endpoint) {
            this.first = first;
            this.args = args;
            this.policy = policy;
            this.idempotent = idempotent;
            this.chainStopped = chainStopped;
            this.budget = budget;
            this.attemptTimeout = attemptTimeout;
            this.deadline = deadline;
            this.endpoint = endpoint;
        }

        void send(RpcInfo info) {
            invoke(endpoint, info, args).whenComplete((value, error) -> {
                if (error == null) {
                    result.complete(value);
                } else {
                    failed(info, unwrap(error));
                }
            });
        }

        private void failed(RpcInfo info, Throwable error) {
            SocketAddress address = info.callee().address();
            if (address != null) {
                failedAt.add(address);
            }
            int next = info.attempt() + 1;
            if (next > policy.maxRetries() || !RetryPolicy.isRetryable(error, idempotent)
                || chainStopped && ((KitexException) error).mayHaveReachedServer()) {
                result.completeExceptionally(error);
                return;
            }
            Duration delay = policy.backoff().delay(next);
            Duration left = remaining(deadline);
            if (left != null && left.compareTo(delay) <= 0) {
                result.completeExceptionally(error);
                return;
            }
            if (!budget.tryAcquire(policy.budgetPercent())) {
                result.completeExceptionally(error);
                return;
            }
            if (delay.isZero()) {
                retry(next);
            } else {
                timer.newTimeout(t -> retry(next), delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        private void retry(int attempt) {
            Duration timeout = attemptTimeout;
            Duration left = remaining(deadline);
            if (left != null && (timeout.isZero() || left.compareTo(timeout) < 0)) {
                timeout = left.isZero() ? Duration.ofNanos(1) : left;
            }
            send(attemptInfo(first, attempt, timeout, Set.copyOf(failedAt)));
        }
    }

    /** One call under a backup request policy: attempts that overlap; the first success wins. */
    private final class BackupCall {
        final CompletableFuture<Object> result = new CompletableFuture<>();
        final RpcInfo first;
        final Object args;
        final RetryPolicy policy;
        final RetryBudget budget;
        final long deadline;
        final Endpoint endpoint;
        /** Attempts sent that have not failed; guarded by this. */
        final List<RpcInfo> pending = new ArrayList<>();
        /** Guarded by this. */
        int sent;
        /** Guarded by this. */
        Timeout backupTimer;
        /** Whether an attempt has ended the call; guarded by this. */
        boolean done;

        BackupCall(RpcInfo first, Object args, RetryPolicy policy, RetryBudget budget, long deadline,
                   Endpoint endpoint) {
            this.first = first;
            this.args = args;
            this.policy = policy;
            this.budget = budget;
            this.deadline = deadline;
            this.endpoint = endpoint;
        }

        void start(boolean chainStopped) {
            synchronized (this) {
                pending.add(first);
                sent = 1;
                if (!chainStopped) {
                    scheduleBackup();
                }
            }
            send(first);
        }

        /** Guarded by this. */
        private void scheduleBackup() {
            backupTimer = timer.newTimeout(t -> backup(), policy.backupDelay().toNanos(), TimeUnit.NANOSECONDS);
        }

        private void backup() {
            RpcInfo info;
            synchronized (this) {
                Duration left = remaining(deadline);
                if (done || left != null && left.isZero() || !budget.tryAcquire(policy.budgetPercent())) {
                    return;
                }
                Set<SocketAddress> busy = new HashSet<>();
                for (RpcInfo attempt : pending) {
                    if (attempt.callee().address() != null) {
                        busy.add(attempt.callee().address());
                    }
                }
                info = attemptInfo(first, sent, left == null ? Duration.ZERO : left, busy);
                pending.add(info);
                sent++;
                if (sent <= policy.maxRetries()) {
                    scheduleBackup();
                }
            }
            send(info);
        }

        private void send(RpcInfo info) {
            invoke(endpoint, info, args).whenComplete((value, error) -> {
                if (error == null) {
                    succeeded(info, value);
                } else {
                    failed(info, unwrap(error));
                }
            });
        }

        private void succeeded(RpcInfo winner, Object value) {
            List<RpcInfo> losers;
            synchronized (this) {
                if (done) {
                    return;
                }
                losers = finish();
                losers.remove(winner);
            }
            losers.forEach(RpcInfo::cancel);
            result.complete(value);
        }

        private void failed(RpcInfo info, Throwable error) {
            synchronized (this) {
                pending.remove(info);
                if (done || !pending.isEmpty()) {
                    return;
                }
                finish();
            }
            result.completeExceptionally(error);
        }

        /** Guarded by this: stops further backups; returns the attempts still pending. */
        private List<RpcInfo> finish() {
            done = true;
            if (backupTimer != null) {
                backupTimer.cancel();
            }
            List<RpcInfo> left = new ArrayList<>(pending);
            pending.clear();
            return left;
        }
    }
}
