package io.cloudwego.kitex.client;

import io.cloudwego.kitex.circuitbreak.CircuitBreakers;
import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.discovery.InstanceCache;
import io.cloudwego.kitex.errors.CircuitOpenException;
import io.cloudwego.kitex.errors.NoInstanceException;
import io.cloudwego.kitex.loadbalance.LoadBalancer;
import io.cloudwego.kitex.loadbalance.Picker;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Chooses the instance of each call: the load balancer's pick among the instances known now,
 * passing over those the call avoids and those that are {@link #markStopping stopping} (falling back
 * to them when nothing else is left), and those whose instance circuit breaker refuses the call. The
 * balancer's picker is rebuilt when the instances change, not for every call.
 */
final class InstanceSelector {
    /**
     * How long an instance stays marked stopping after its last {@code crrst}, unless the resolver
     * drops it first: longer than a server's default exit wait, so that a stopping server is left
     * alone until it has gone, and short enough that one restarted on the same address is soon used
     * again.
     */
    static final Duration STOPPING_MARK_TIME = Duration.ofSeconds(10);

    private final String serviceName;
    private final InstanceCache instances;
    private final LoadBalancer balancer;
    private final CircuitBreakers breakers;
    /** Instances that said they are stopping, with the {@link System#nanoTime()} they last said it. */
    private final Map<SocketAddress, Long> stopping = new ConcurrentHashMap<>();
    private volatile View view = new View(List.of(), null);

    /** The picker made for one list of instances; {@code picker} is null when none can take calls. */
    private record View(List<Instance> instances, Picker picker) {
    }

    /** @param breakers the client's circuit breakers, or {@code null} when it has none */
    InstanceSelector(String serviceName, InstanceCache instances, LoadBalancer balancer, CircuitBreakers breakers) {
        this.serviceName = serviceName;
        this.instances = instances;
        this.balancer = balancer;
        this.breakers = breakers;
    }

    /**
     * The instance the call {@code info} (with args {@code request}) goes to. When the client has
     * circuit breakers, the chosen instance's breaker has let the call through, and {@code onEnd} is
     * given the listener to tell of how the call ends.
     *
     * @param avoid addresses to pass over unless no other instance is left
     * @throws NoInstanceException when no instance is known
     * @throws CircuitOpenException when the breaker of every instance is open
     */
    Instance pick(RpcInfo info, Object request, Set<SocketAddress> avoid, Consumer<Consumer<Throwable>> onEnd) {
        Picker picker = picker();
        Set<SocketAddress> passOver = withStopping(avoid);
        List<SocketAddress> refused = new ArrayList<>(0);
        while (true) {
            Predicate<Instance> usable = i -> !refused.contains(i.address())
                && (breakers == null || !breakers.isInstanceOpen(i.address()));
            Instance chosen = picker.pick(info, request, usable.and(i -> !passOver.contains(i.address())));
            if (chosen == null && !passOver.isEmpty()) {
                chosen = picker.pick(info, request, usable);
            }
            if (chosen == null) {
                throw new CircuitOpenException(CircuitOpenException.Level.INSTANCE, openBreakers());
            }
            if (breakers == null) {
                return chosen;
            }
            Consumer<Throwable> breakerOnEnd = breakers.tryAcquireInstance(chosen.address());
            if (breakerOnEnd != null) {
                onEnd.accept(breakerOnEnd);
                return chosen;
            }
            refused.add(chosen.address());
        }
    }

    /**
     * Marks the instance at {@code address} stopping (its server answered with {@code crrst}): calls
     * pass over it until the resolver no longer lists it or {@link #STOPPING_MARK_TIME} has passed
     * since it last said so.
     */
    void markStopping(SocketAddress address) {
        stopping.put(address, System.nanoTime());
    }

    /** The instances marked stopping now. */
    Set<SocketAddress> stopping() {
        if (stopping.isEmpty()) {
            return Set.of();
        }
        long now = System.nanoTime();
        stopping.forEach((address, markedAt) -> {
            if (now - markedAt >= STOPPING_MARK_TIME.toNanos()) {
                stopping.remove(address, markedAt);
            }
        });
        return Set.copyOf(stopping.keySet());
    }

    private Set<SocketAddress> withStopping(Set<SocketAddress> avoid) {
        Set<SocketAddress> marked = stopping();
        if (marked.isEmpty()) {
            return avoid;
        }
        if (avoid.isEmpty()) {
            return marked;
        }
        Set<SocketAddress> both = new HashSet<>(avoid);
        both.addAll(marked);
        return both;
    }

    /** The names of the breakers of every instance, for the error of a call they all refuse. */
    private String openBreakers() {
        List<String> names = new ArrayList<>();
        view.instances().forEach(i -> names.add(breakers.instanceBreakerName(i.address())));
        return names.toString();
    }

    private Picker picker() {
        List<Instance> known = instances.instances();
        View current = view;
        if (current.instances() != known) {
            synchronized (this) {
                current = view;
                if (current.instances() != known) {
                    List<Instance> callable = known.stream().filter(i -> i.weight() > 0).toList();
                    if (!stopping.isEmpty()) {
                        Set<SocketAddress> listed = new HashSet<>();
                        known.forEach(i -> listed.add(i.address()));
                        stopping.keySet().retainAll(listed);
                    }
                    current = new View(known, callable.isEmpty() ? null : balancer.newPicker(callable));
                    view = current;
                }
            }
        }
        if (current.picker() == null) {
            Exception failure = instances.failure();
            throw failure == null ? new NoInstanceException(serviceName) : new NoInstanceException(serviceName, failure);
        }
        return current.picker();
    }
}
