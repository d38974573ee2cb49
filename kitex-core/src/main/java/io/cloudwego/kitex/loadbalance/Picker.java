package io.cloudwego.kitex.loadbalance;

import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import java.util.function.Predicate;

/**
 * Picks instances from the fixed list a {@link LoadBalancer} made it for. Called concurrently by
 * every call of a client.
 */
@FunctionalInterface
public interface Picker {

    /**
     * The instance for the call {@code info} with args {@code request}, chosen among the instances
     * that {@code eligible} accepts; {@code null} when it accepts none. Instances that {@code
     * eligible} refuses (their circuit breaker is open, or the call avoids them) are passed over as
     * if they were not in the list, so that the others share their calls by weight.
     */
    Instance pick(RpcInfo info, Object request, Predicate<Instance> eligible);
}
