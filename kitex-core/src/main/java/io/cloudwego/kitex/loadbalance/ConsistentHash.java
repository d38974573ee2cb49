package io.cloudwego.kitex.loadbalance;

import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.internal.Settings;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Consistent hashing, as Kitex's: calls with the same key go to the same instance while the
 * instances stay the same, and when one instance goes only the keys it held move (about 1/N of
 * them with N instances). Each instance has {@code virtualFactor × weight} points on a hash ring
 * (Kitex's defaults: virtual factor {@value #DEFAULT_VIRTUAL_FACTOR}, weighted), and a key goes to
 * the first point at or after its hash. A call whose instance it may not use goes to the next
 * instance on the ring; a call without a key ({@code null}) goes to a random point.
 *
 * <pre>{@code
 * ConsistentHash.byMetainfo("user-id")                       // the key is a metainfo value
 * ConsistentHash.byKey((info, args) -> ((GetUser_args) args).id())  // or comes from the args
 * }</pre>
 */
public final class ConsistentHash implements LoadBalancer {
    /** Points each instance has on the ring per unit of weight, as Kitex. */
    public static final int DEFAULT_VIRTUAL_FACTOR = 100;

    private final BiFunction<RpcInfo, Object, String> key;
    private final int virtualFactor;
    private final boolean weighted;

    private ConsistentHash(BiFunction<RpcInfo, Object, String> key, int virtualFactor, boolean weighted) {
        this.key = Objects.requireNonNull(key, "key");
        this.virtualFactor = Settings.atLeast(virtualFactor, 1, "virtualFactor");
        this.weighted = weighted;
    }

    /**
     * Hashes the key that {@code key} gives for a call from its {@link RpcInfo} and args (the
     * generated {@code *_args} struct); {@code null} for none.
     */
    public static ConsistentHash byKey(BiFunction<RpcInfo, Object, String> key) {
        return new ConsistentHash(key, DEFAULT_VIRTUAL_FACTOR, true);
    }

    /** Hashes the value of the metainfo key {@code metainfoKey} (transient or persistent) a call carries. */
    public static ConsistentHash byMetainfo(String metainfoKey) {
        Objects.requireNonNull(metainfoKey, "metainfoKey");
        return byKey((info, args) -> {
            String value = info.metainfo().transientValue(metainfoKey);
            return value != null ? value : info.metainfo().persistentValue(metainfoKey);
        });
    }

    /**
     * This balancer with {@code virtualFactor} points per instance, times its weight when {@code
     * weighted} (so that an instance of weight 20 holds twice the keys of one of weight 10).
     */
    public ConsistentHash withVirtualNodes(int virtualFactor, boolean weighted) {
        return new ConsistentHash(key, virtualFactor, weighted);
    }

    @Override
    public String name() {
        return "consistent-hash";
    }

    @Override
    public Picker newPicker(List<Instance> instances) {
        return new Ring(instances);
    }

    @Override
    public String toString() {
        return name();
    }

    /** A 64-bit hash of {@code text}: FNV-1a over its UTF-8 bytes, then MurmurHash3's finalizer to spread it. */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private final class Ring implements Picker {
        /** The points' hashes, ascending. */
        private final long[] points;
        /** The instance of each point. */
        private final Instance[] owners;
        private final int distinctInstances;

        Ring(List<Instance> instances) {
            int total = 0;
            for (Instance instance : instances) {
                total += pointsOf(instance);
            }
            long[][] unsorted = new long[total][];
            int n = 0;
            for (int i = 0; i < instances.size(); i++) {
                String address = instances.get(i).address().toString();
                for (int v = 0; v < pointsOf(instances.get(i)); v++) {
                    unsorted[n++] = new long[] {hash(address + "#" + v), i};
                }
            }
            Arrays.sort(unsorted, (a, b) -> Long.compare(a[0], b[0]));
            points = new long[total];
            owners = new Instance[total];
            for (int p = 0; p < total; p++) {
                points[p] = unsorted[p][0];
                owners[p] = instances.get((int) unsorted[p][1]);
            }
            distinctInstances = instances.size();
        }

        private int pointsOf(Instance instance) {
            return weighted ? virtualFactor * instance.weight() : virtualFactor;
        }

        @Override
        public Instance pick(RpcInfo info, Object request, Predicate<Instance> eligible) {
            String k = key.apply(info, request);
            int start;
            if (k == null) {
                start = ThreadLocalRandom.current().nextInt(points.length);
            } else {
                int found = Arrays.binarySearch(points, hash(k));
                start = found >= 0 ? found : -found - 1;
            }
            Set<Instance> refused = null;
            for (int step = 0; step < points.length; step++) {
                Instance owner = owners[(start + step) % points.length];
                if (refused != null && refused.contains(owner)) {
                    continue;
                }
                if (eligible.test(owner)) {
                    return owner;
                }
                if (refused == null) {
                    refused = new HashSet<>();
                }
                refused.add(owner);
                if (refused.size() == distinctInstances) {
                    return null;
                }
            }
            return null;
        }
    }
}
