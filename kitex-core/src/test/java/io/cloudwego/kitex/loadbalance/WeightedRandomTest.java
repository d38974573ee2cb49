package io.cloudwego.kitex.loadbalance;

import static io.cloudwego.kitex.loadbalance.Calls.all;
import static io.cloudwego.kitex.loadbalance.Calls.allBut;
import static io.cloudwego.kitex.loadbalance.Calls.counts;
import static io.cloudwego.kitex.loadbalance.Calls.instances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightedRandomTest {
    private static final int PICKS = 60_000;

    private final LoadBalancer balancer = WeightedRandom.INSTANCE;

    @Test
    void picksSpreadByWeight() {
        Map<Integer, Integer> counts = counts(balancer.newPicker(instances(10, 20, 30)), PICKS, all());
        // 60 000 draws: a share is off by more than 0.02 with a probability far below 1e-9.
        assertThat(counts.get(1) / (double) PICKS).isCloseTo(1 / 6.0, within(0.02));
        assertThat(counts.get(2) / (double) PICKS).isCloseTo(2 / 6.0, within(0.02));
        assertThat(counts.get(3) / (double) PICKS).isCloseTo(3 / 6.0, within(0.02));
    }

    @Test
    void ineligibleInstancesAreLeftOutOfTheDraw() {
        Picker picker = balancer.newPicker(instances(10, 20, 30));
        Map<Integer, Integer> counts = counts(picker, PICKS, allBut(3));
        assertThat(counts).containsOnlyKeys(1, 2);
        assertThat(counts.get(1) / (double) PICKS).isCloseTo(1 / 3.0, within(0.02));
        assertThat(picker.pick(Calls.call(), "", allBut(1, 2, 3))).isNull();
    }
}
