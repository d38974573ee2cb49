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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Chooses the instance of each call: the load balancer's pick among the instances known now,
 * passing over those the call avoids (falling back to them when nothing else is left) and those
 * whose instance circuit breaker refuses the call. The balancer's picker is rebuilt when the
 * instances change, not for every call.
 */
final class InstanceSelector {
    private final String serviceName;
    private final InstanceCache instances;
    private final LoadBalancer balancer;
    private final CircuitBreakers breakers;
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
        List<SocketAddress> refused = new ArrayList<>(0);
        while (true) {
            Predicate<Instance> usable = i -> !refused.contains(i.address())
                && (breakers == null || !breakers.isInstanceOpen(i.address()));
            Instance chosen = picker.pick(info, request, usable.and(i -> !avoid.contains(i.address())));
            if (chosen == null && !avoid.isEmpty()) {
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
