package io.cloudwego.kitex.discovery;

import java.net.SocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * One instance of a service, as a {@link Resolver} finds it: where it listens, its weight for load
 * balancing, and its tags (registry metadata such as a zone or a version).
 *
 * @param address where the instance listens
 * @param weight its share of calls relative to other instances; {@value #DEFAULT_WEIGHT} unless
 *     its registration says otherwise, as in Kitex
 * @param tags its tags
 */
public record Instance(SocketAddress address, int weight, Map<String, String> tags) {

    /** The weight of an instance whose registration gives none, as in Kitex. */
    public static final int DEFAULT_WEIGHT = 10;

    public Instance {
        Objects.requireNonNull(address, "address");
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative: " + weight);
        }
        tags = Map.copyOf(tags);
    }

    /** An instance at {@code address} with the default weight and no tags. */
    public static Instance of(SocketAddress address) {
        return new Instance(address, DEFAULT_WEIGHT, Map.of());
    }

    /**
     * An instance at {@code hostPort} ({@code host:port}, an IPv6 host in brackets) with the default
     * weight and no tags.
     *
     * @throws IllegalArgumentException when {@code hostPort} is not {@code host:port} with a port
     *     from 1 to 65535
     */
    public static Instance of(String hostPort) {
        return of(HostPort.parse(hostPort));
    }
}
