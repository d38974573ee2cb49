package io.cloudwego.kitex.loadbalance;

import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Weighted random, as Kitex's: each call goes to an instance drawn at random with a probability
 * proportional to its weight. Instances a call may not use are left out of the draw.
 */
public final class WeightedRandom implements LoadBalancer {
    /** The balancer; it keeps no state. */
    public static final WeightedRandom INSTANCE = new WeightedRandom();

    private WeightedRandom() {
    }

    @Override
    public String name() {
        return "weighted-random";
    }

    @Override
    public Picker newPicker(List<Instance> instances) {
        return new RandomPicker(instances);
    }

    @Override
    public String toString() {
        return name();
    }

    private static final class RandomPicker implements Picker {
        private final Instance[] instances;
        /** {@code cumulative[i]}: the weights of instances 0 to i, summed. */
        private final long[] cumulative;

        RandomPicker(List<Instance> instances) {
            this.instances = instances.toArray(Instance[]::new);
            this.cumulative = new long[this.instances.length];
            long sum = 0;
            for (int i = 0; i < this.instances.length; i++) {
                sum += this.instances[i].weight();
                cumulative[i] = sum;
            }
        }

        @Override
        public Instance pick(RpcInfo info, Object request, Predicate<Instance> eligible) {
            long draw = ThreadLocalRandom.current().nextLong(cumulative[cumulative.length - 1]);
            int index = Arrays.binarySearch(cumulative, draw + 1);
            Instance drawn = instances[index >= 0 ? index : -index - 1];
            return eligible.test(drawn) ? drawn : pickAmongEligible(eligible);
        }

        /** A draw over the eligible instances alone: the slower path, taken when the first draw hit another. */
        private Instance pickAmongEligible(Predicate<Instance> eligible) {
            boolean[] usable = new boolean[instances.length];
            long total = 0;
            for (int i = 0; i < instances.length; i++) {
                usable[i] = eligible.test(instances[i]);
                if (usable[i]) {
                    total += instances[i].weight();
                }
            }
            if (total == 0) {
                return null;
            }
            long draw = ThreadLocalRandom.current().nextLong(total);
            for (int i = 0; i < instances.length; i++) {
                if (usable[i]) {
                    draw -= instances[i].weight();
                    if (draw < 0) {
                        return instances[i];
                    }
                }
            }
            throw new AssertionError("the draw is below the eligible weights' total");
        }
    }
}
