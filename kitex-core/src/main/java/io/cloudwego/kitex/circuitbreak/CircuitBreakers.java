package io.cloudwego.kitex.circuitbreak;

import static io.cloudwego.kitex.internal.Futures.unwrap;

import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.errors.CircuitOpenException;
import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.errors.KitexException;
import io.cloudwego.kitex.errors.NoInstanceException;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The circuit breakers of one client, as Kitex's breaker suite: Resilience4j breakers at two levels.
 *
 * <ul>
 *   <li><b>Service</b> breakers, one per {@code caller/callee/method}, count every failure that
 *       says the callee is unwell ({@link #serviceOutcome}): timeouts, connection failures,
 *       application exceptions (over limit included) and protocol errors. An open one fails the
 *       method's calls at once with a {@link CircuitOpenException} of level {@code SERVICE}.
 *   <li><b>Instance</b> breakers, one per instance address, count only failures to connect. The
 *       load balancer passes over instances whose breaker is open; a call that has no other instance
 *       left fails at once with a {@link CircuitOpenException} of level {@code INSTANCE}.
 * </ul>
 *
 * <p>Both levels use the same {@link CircuitBreakerSettings}.
 */
public final class CircuitBreakers {
    /** What a finished call counts as for a breaker. */
    public enum Outcome {
        SUCCESS, FAILURE, IGNORED
    }

    private final String calleeServiceName;
    private final CircuitBreakerSettings settings;
    private final CircuitBreakerRegistry serviceBreakers;
    private final CircuitBreakerRegistry instanceBreakers;
    /** When each instance breaker last opened, by name, in {@link System#nanoTime()}. */
    private final Map<String, Long> instanceOpenedAt = new ConcurrentHashMap<>();

    /**
     * @param calleeServiceName the service the client calls, part of every breaker's name
     * @param settings how the breakers open and close
     */
    public CircuitBreakers(String calleeServiceName, CircuitBreakerSettings settings) {
        this.calleeServiceName = Objects.requireNonNull(calleeServiceName, "calleeServiceName");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.serviceBreakers = CircuitBreakerRegistry.of(settings.toResilience4j());
        this.instanceBreakers = CircuitBreakerRegistry.of(settings.toResilience4j());
        instanceBreakers.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
            .onStateTransition(event -> {
                if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                    instanceOpenedAt.put(event.getCircuitBreakerName(), System.nanoTime());
                }
            }));
    }

    public CircuitBreakerSettings settings() {
        return settings;
    }

    /** The service-level breakers, named {@code caller/callee/method}, created as methods are first called. */
    public CircuitBreakerRegistry serviceBreakers() {
        return serviceBreakers;
    }

    /** The instance-level breakers, named {@code callee@host:port}, created as instances are first picked. */
    public CircuitBreakerRegistry instanceBreakers() {
        return instanceBreakers;
    }

    /** The state of every breaker created so far, by name, service breakers first. */
    public Map<String, CircuitBreaker.State> states() {
        Map<String, CircuitBreaker.State> services = new TreeMap<>();
        serviceBreakers.getAllCircuitBreakers().forEach(b -> services.put(b.getName(), b.getState()));
        Map<String, CircuitBreaker.State> instances = new TreeMap<>();
        instanceBreakers.getAllCircuitBreakers().forEach(b -> instances.put(b.getName(), b.getState()));
        Map<String, CircuitBreaker.State> states = new LinkedHashMap<>(services);
        states.putAll(instances);
        return states;
    }

    /** The name of the service breaker of the call {@code info}: {@code caller/callee/method}, as Kitex's key. */
    public String serviceBreakerName(RpcInfo info) {
        return info.caller().serviceName() + "/" + calleeServiceName + "/" + info.method();
    }

    /** The name of the breaker of the instance at {@code address}: {@code callee@host:port}. */
    public String instanceBreakerName(SocketAddress address) {
        String text = address instanceof InetSocketAddress inet
            ? hostText(inet) + ":" + inet.getPort() : String.valueOf(address);
        return calleeServiceName + "@" + text;
    }

    private static String hostText(InetSocketAddress address) {
        String host = address.getHostString();
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /**
     * The middleware of the service-level breakers: a call whose breaker is open fails at once;
     * others are counted when they complete.
     */
    public Middleware serviceMiddleware() {
        return next -> (info, request) -> {
            CircuitBreaker breaker = serviceBreakers.circuitBreaker(serviceBreakerName(info));
            if (!breaker.tryAcquirePermission()) {
                return CompletableFuture.failedFuture(new CircuitOpenException(CircuitOpenException.Level.SERVICE,
                    breaker.getName()));
            }
            long start = breaker.getCurrentTimestamp();
            CompletableFuture<Object> result;
            try {
                result = next.call(info, request);
            } catch (RuntimeException e) {
                record(breaker, start, serviceOutcome(e), e);
                throw e;
            }
            // Complete the caller's future after counting, so that a caller sees the breaker as its call left it.
            CompletableFuture<Object> counted = new CompletableFuture<>();
            result.whenComplete((value, error) -> {
                try {
                    record(breaker, start, serviceOutcome(error), error);
                } finally {
                    if (error == null) {
                        counted.complete(value);
                    } else {
                        counted.completeExceptionally(unwrap(error));
                    }
                }
            });
            return counted;
        };
    }

    /**
     * Whether the breaker of the instance at {@code address} is open and still in its wait, so that
     * a load balancer should pass the instance over. Cheap: it asks the breaker for nothing.
     */
    public boolean isInstanceOpen(SocketAddress address) {
        String name = instanceBreakerName(address);
        CircuitBreaker breaker = instanceBreakers.find(name).orElse(null);
        if (breaker == null) {
            return false;
        }
        CircuitBreaker.State state = breaker.getState();
        if (state == CircuitBreaker.State.FORCED_OPEN) {
            return true;
        }
        Long openedAt = instanceOpenedAt.get(name);
        return state == CircuitBreaker.State.OPEN
            && (openedAt == null || System.nanoTime() - openedAt < settings.waitInOpen().toNanos());
    }

    /**
     * Asks the breaker of the instance at {@code address} to let a call through: {@code null} when
     * it refuses, else what to tell with the call's error ({@code null} for success) when it ends.
     */
    public Consumer<Throwable> tryAcquireInstance(SocketAddress address) {
        CircuitBreaker breaker = instanceBreakers.circuitBreaker(instanceBreakerName(address));
        if (!breaker.tryAcquirePermission()) {
            return null;
        }
        long start = breaker.getCurrentTimestamp();
        return error -> record(breaker, start, instanceOutcome(error), error);
    }

    /**
     * What a call that ended with {@code error} ({@code null} for success) counts as for a service
     * breaker: a {@link KitexException} is a failure, except those raised before anything was sent
     * for want of an instance ({@link NoInstanceException}) or because a breaker is open, which are
     * ignored; an exception the method declares ({@link IdlException}) or a business status ({@link
     * BizStatusException}) is a success, since the service answered; anything else (an error in
     * the caller's own code) is ignored.
     */
    public static Outcome serviceOutcome(Throwable error) {
        Throwable e = unwrap(error);
        if (e == null || e instanceof IdlException || e instanceof BizStatusException) {
            return Outcome.SUCCESS;
        }
        if (e instanceof NoInstanceException || e instanceof CircuitOpenException) {
            return Outcome.IGNORED;
        }
        return e instanceof KitexException ? Outcome.FAILURE : Outcome.IGNORED;
    }

    /** What a call that ended with {@code error} counts as for an instance breaker: only a failure to connect fails. */
    public static Outcome instanceOutcome(Throwable error) {
        return unwrap(error) instanceof ConnectFailedException ? Outcome.FAILURE : Outcome.SUCCESS;
    }

    private static void record(CircuitBreaker breaker, long start, Outcome outcome, Throwable error) {
        long duration = breaker.getCurrentTimestamp() - start;
        TimeUnit unit = breaker.getTimestampUnit();
        switch (outcome) {
            case SUCCESS -> breaker.onSuccess(duration, unit);
            case FAILURE -> breaker.onError(duration, unit, unwrap(error));
            default -> breaker.releasePermission();
        }
    }
}
