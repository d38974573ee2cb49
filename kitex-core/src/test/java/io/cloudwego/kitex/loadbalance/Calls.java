package io.cloudwego.kitex.loadbalance;

import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.rpcinfo.EndpointInfo;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.testing.NamedService;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Calls and instances for balancer tests. */
final class Calls {
    private Calls() {
    }

    static RpcInfo call() {
        return call(Metainfo.EMPTY);
    }

    static RpcInfo call(Metainfo metainfo) {
        return new RpcInfo(new EndpointInfo("caller", "", null), new EndpointInfo("callee", "m", null), "Svc", "m",
            MethodKind.UNARY, NamedService.NAME, Transport.TTHEADER_FRAMED, Duration.ZERO, metainfo);
    }

    /** Instances on ports 1, 2, … with the weights given. */
    static List<Instance> instances(int... weights) {
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            instances.add(new Instance(new InetSocketAddress("127.0.0.1", i + 1), weights[i], Map.of()));
        }
        return instances;
    }

    static int port(Instance instance) {
        return ((InetSocketAddress) instance.address()).getPort();
    }

    /** The ports of {@code n} picks, in order. */
    static List<Integer> ports(Picker picker, int n, Predicate<Instance> eligible) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ports.add(port(picker.pick(call(), "", eligible)));
        }
        return ports;
    }

    /** How many of {@code n} picks went to each port. */
    static Map<Integer, Integer> counts(Picker picker, int n, Predicate<Instance> eligible) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int port : ports(picker, n, eligible)) {
            counts.merge(port, 1, Integer::sum);
        }
        return counts;
    }

    static Predicate<Instance> all() {
        return instance -> true;
    }

    static Predicate<Instance> allBut(int... ports) {
        return instance -> {
            for (int port : ports) {
                if (port(instance) == port) {
                    return false;
                }
            }
            return true;
        };
    }
}
