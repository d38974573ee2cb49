package io.cloudwego.kitex.client;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link CallPolicy} of each method of a client, read by every new call, and replaceable while
 * the client runs: a configuration source (such as Spring Cloud's refresh of
 * {@code kitex.client.*}) changes timeouts and retries of the calls that follow without
 * rebuilding the client. Calls in flight keep the policy they started with.
 */
public final class CallPolicies {
    private final String serviceName;
    private final Set<String> methods;
    private volatile Map<String, CallPolicy> policies;

    CallPolicies(String serviceName, Set<String> methods, Map<String, CallPolicy> policies) {
        this.serviceName = serviceName;
        this.methods = Set.copyOf(methods);
        this.policies = check(policies);
    }

    /** The policy of calls of {@code method} now. */
    public CallPolicy policy(String method) {
        return policies.getOrDefault(method, CallPolicy.DEFAULT);
    }

    /** Every method's policy now, by method name. */
    public Map<String, CallPolicy> policies() {
        return policies;
    }

    /**
     * Replaces every method's policy: {@code policies} has one per method ({@code defaults} for
     * those it leaves out), and applies to calls made from now on.
     *
     * @throws IllegalArgumentException when {@code policies} names a method the service does not have
     */
    public void update(CallPolicy defaults, Map<String, CallPolicy> policies) {
        Objects.requireNonNull(defaults, "defaults");
        Map<String, CallPolicy> all = new HashMap<>();
        methods.forEach(method -> all.put(method, policies.getOrDefault(method, defaults)));
        policies.keySet().forEach(method -> {
            if (!methods.contains(method)) {
                throw new IllegalArgumentException("service " + serviceName + " has no method " + method);
            }
        });
        this.policies = check(all);
    }

    private static Map<String, CallPolicy> check(Map<String, CallPolicy> policies) {
        policies.forEach((method, policy) -> Objects.requireNonNull(policy, "policy of " + method));
        return Map.copyOf(policies);
    }

    @Override
    public String toString() {
        return "CallPolicies" + policies;
    }
}
