package io.cloudwego.kitex.loadbalance;

import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import java.util.List;
import java.util.function.Predicate;

/**
 * Weighted round robin, the default balancer as in Kitex: over every sum-of-weights calls, each
 * instance gets its weight's worth, interleaved rather than in bursts (weights 1, 2, 3 give
 * {@code c b a c b c}, not {@code a b b c c c}). Instances of equal weight are called in turn.
 *
 * <p>Instances a call may not use are left out of that round: the others share it by weight.
 */
public final class WeightedRoundRobin implements LoadBalancer {
    /** The balancer; it keeps no state of its own, its pickers do. */
    public static final WeightedRoundRobin INSTANCE = new WeightedRoundRobin();

    private WeightedRoundRobin() {
    }

    @Override
    public String name() {
        return "weighted-round-robin";
    }

    @Override
    public Picker newPicker(List<Instance> instances) {
        return new SmoothPicker(instances);
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * Smooth weighted round robin: each pick adds every eligible instance's weight to its credit,
     * takes the instance with the most credit, and charges it the eligible weights' total.
     */
    private static final class SmoothPicker implements Picker {
        private final Instance[] instances;
        private final long[] credit;

        SmoothPicker(List<Instance> instances) {
            this.instances = instances.toArray(Instance[]::new);
            this.credit = new long[this.instances.length];
        }

        @Override
        public synchronized Instance pick(RpcInfo info, Object request, Predicate<Instance> eligible) {
            int best = -1;
            long total = 0;
            for (int i = 0; i < instances.length; i++) {
                if (!eligible.test(instances[i])) {
                    continue;
                }
                int weight = instances[i].weight();
                credit[i] += weight;
                total += weight;
                if (best < 0 || credit[i] > credit[best]) {
                    best = i;
                }
            }
            if (best < 0) {
                return null;
            }
            credit[best] -= total;
            return instances[best];
        }
    }
}
