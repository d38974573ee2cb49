package io.cloudwego.kitex.loadbalance;

import static io.cloudwego.kitex.loadbalance.Calls.all;
import static io.cloudwego.kitex.loadbalance.Calls.instances;
import static io.cloudwego.kitex.loadbalance.Calls.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.metainfo.Metainfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ConsistentHashTest {
    private static final int KEYS = 20_000;

    /** The key is the args themselves. */
    private final ConsistentHash balancer = ConsistentHash.byKey((info, args) -> (String) args);

    private static Map<String, Integer> owners(Picker picker, Predicate<Instance> eligible) {
        Map<String, Integer> owners = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            String key = "user-" + k;
            owners.put(key, port(picker.pick(Calls.call(), key, eligible)));
        }
        return owners;
    }

    @Test
    void aKeyAlwaysGoesToTheSameInstanceAndARebuiltRingAgrees() {
        List<Instance> instances = instances(10, 10, 10, 10, 10);
        Map<String, Integer> first = owners(balancer.newPicker(instances), all());
        assertThat(owners(balancer.newPicker(instances), all())).isEqualTo(first);
        List<Instance> reversed = new ArrayList<>(instances);
        Collections.reverse(reversed);
        assertThat(owners(balancer.newPicker(reversed), all())).isEqualTo(first);
    }

    @Test
    void removingOneOfNInstancesMovesOnlyItsKeys() {
        List<Instance> instances = instances(10, 10, 10, 10, 10);
        Map<String, Integer> before = owners(balancer.newPicker(instances), all());
        Map<String, Integer> after = owners(balancer.newPicker(instances.subList(0, 4)), all());
        int moved = 0;
        for (Map.Entry<String, Integer> entry : before.entrySet()) {
            if (!entry.getValue().equals(after.get(entry.getKey()))) {
                moved++;
                assertThat(entry.getValue()).as("only keys of the removed instance move").isEqualTo(5);
            }
        }
        // The removed instance held about 1/5 of the keys: they, and no others, move.
        assertThat(moved / (double) KEYS).isCloseTo(1 / 5.0, within(0.04));
    }

    @Test
    void keysSpreadByWeight() {
        Map<Integer, Integer> counts = new HashMap<>();
        owners(balancer.newPicker(instances(10, 20, 30)), all()).values().forEach(p -> counts.merge(p, 1, Integer::sum));
        assertThat(counts.get(1) / (double) KEYS).isCloseTo(1 / 6.0, within(0.04));
        assertThat(counts.get(3) / (double) KEYS).isCloseTo(3 / 6.0, within(0.04));
    }

    @Test
    void aKeyWhoseInstanceIsIneligibleGoesToTheNextOnTheRingAndComesBack() {
        Picker picker = balancer.newPicker(instances(10, 10, 10));
        Map<String, Integer> owners = owners(picker, all());
        Map<String, Integer> without1 = owners(picker, Calls.allBut(1));
        owners.forEach((key, owner) -> {
            if (owner != 1) {
                assertThat(without1.get(key)).isEqualTo(owner);
            } else {
                assertThat(without1.get(key)).isNotEqualTo(1);
            }
        });
        assertThat(owners(picker, all())).isEqualTo(owners);
        assertThat(picker.pick(Calls.call(), "k", Calls.allBut(1, 2, 3))).isNull();
    }

    @Test
    void theKeyMayComeFromMetainfo() {
        Picker picker = ConsistentHash.byMetainfo("user").newPicker(instances(10, 10, 10, 10));
        Metainfo alice = Metainfo.EMPTY.withTransient("user", "alice");
        int first = port(picker.pick(Calls.call(alice), "", all()));
        for (int i = 0; i < 20; i++) {
            assertThat(port(picker.pick(Calls.call(alice), "", all()))).isEqualTo(first);
        }
    }
}
