package io.cloudwego.kitex.registry;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * What a server registers: its service name, the address it listens on, and the weight and tags
 * clients see on its instance.
 *
 * @param serviceName the server's service name
 * @param address the address the server is bound to; a wildcard address ({@code 0.0.0.0}) when it
 *     listens on every interface, for the registry to replace with an address of this host that
 *     clients reach
 * @param weight its share of calls relative to other instances
 * @param tags its tags
 */
public record RegistryInfo(String serviceName, InetSocketAddress address, int weight, Map<String, String> tags) {

    public RegistryInfo {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(address, "address");
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative: " + weight);
        }
        tags = Map.copyOf(tags);
    }
}
