package io.cloudwego.kitex.loadbalance;

import io.cloudwego.kitex.discovery.Instance;
import java.util.List;

/**
 * Chooses which instance of a service each call goes to. A client asks its balancer for a
 * {@link Picker} over the instances it knows whenever that list changes, not for every call, and
 * asks the picker for each call.
 *
 * <p>Built in: {@link WeightedRoundRobin} (the default, as in Kitex), {@link WeightedRandom} and
 * {@link ConsistentHash}. Implement this interface to plug in another; one instance serves any
 * number of clients.
 */
public interface LoadBalancer {

    /** A short name for logs and the Actuator endpoint, such as {@code weighted-round-robin}. */
    String name();

    /**
     * A picker over {@code instances}: a list that does not change, of at least one instance, each
     * of positive weight (a client leaves out instances of weight 0, as Kitex). A client keeps it
     * until its instances change.
     */
    Picker newPicker(List<Instance> instances);

    /** The default balancer: {@link WeightedRoundRobin}. */
    static LoadBalancer defaultBalancer() {
        return WeightedRoundRobin.INSTANCE;
    }
}
