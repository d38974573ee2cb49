package io.cloudwego.kitex.discovery;

import java.util.List;

/**
 * Finds the instances of a service, in a registry or anywhere else. A client asks its resolver
 * through an {@link InstanceCache}: periodically, on a thread of the cache's, never on an I/O thread,
 * so an implementation may block.
 */
@FunctionalInterface
public interface Resolver {

    /**
     * The instances of {@code serviceName} now; an empty list when it has none.
     *
     * @throws Exception when the instances cannot be found out (the registry is unreachable, say):
     *     the cache then keeps the instances it had
     */
    List<Instance> resolve(String serviceName) throws Exception;

    /** A resolver that answers {@code instances} for every service. */
    static Resolver fixed(List<Instance> instances) {
        List<Instance> fixed = List.copyOf(instances);
        return serviceName -> fixed;
    }
}
