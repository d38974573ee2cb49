package io.cloudwego.kitex.loadbalance;

import static io.cloudwego.kitex.loadbalance.Calls.all;
import static io.cloudwego.kitex.loadbalance.Calls.allBut;
import static io.cloudwego.kitex.loadbalance.Calls.counts;
import static io.cloudwego.kitex.loadbalance.Calls.instances;
import static io.cloudwego.kitex.loadbalance.Calls.ports;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightedRoundRobinTest {
    private final LoadBalancer balancer = WeightedRoundRobin.INSTANCE;

    @Test
    void equalWeightsAreCalledInTurn() {
        Picker picker = balancer.newPicker(instances(10, 10, 10));
        assertThat(ports(picker, 7, all())).containsExactly(1, 2, 3, 1, 2, 3, 1);
    }

    @Test
    void weightsAreInterleavedNotBurst() {
        Picker picker = balancer.newPicker(instances(1, 2, 3));
        assertThat(ports(picker, 12, all())).containsExactly(3, 2, 1, 3, 2, 3, 3, 2, 1, 3, 2, 3);
    }

    @Test
    void everyRoundOfTheWeightsTotalSpreadsExactlyByWeight() {
        Picker picker = balancer.newPicker(instances(10, 20, 30));
        for (int round = 0; round < 3; round++) {
            assertThat(counts(picker, 60, all())).isEqualTo(Map.of(1, 10, 2, 20, 3, 30));
        }
    }

    @Test
    void noInstanceIsCalledTwiceInARowWhileOthersAreOwedCalls() {
        Picker picker = balancer.newPicker(instances(10, 20, 30));
        var ports = ports(picker, 60, all());
        int longestRun = 1;
        int run = 1;
        for (int i = 1; i < ports.size(); i++) {
            run = ports.get(i).equals(ports.get(i - 1)) ? run + 1 : 1;
            longestRun = Math.max(longestRun, run);
        }
        assertThat(longestRun).isLessThanOrEqualTo(2);
    }

    @Test
    void ineligibleInstancesAreSkippedAndTheOthersShareByWeight() {
        Picker picker = balancer.newPicker(instances(10, 20, 30));
        assertThat(counts(picker, 40, allBut(3))).isEqualTo(Map.of(1, 13, 2, 27));
        assertThat(counts(picker, 300, allBut(2))).containsOnlyKeys(1, 3);
        assertThat(picker.pick(Calls.call(), "", allBut(1, 2, 3))).isNull();
    }
}
