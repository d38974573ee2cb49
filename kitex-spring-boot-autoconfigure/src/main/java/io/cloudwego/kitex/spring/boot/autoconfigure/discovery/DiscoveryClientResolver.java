package io.cloudwego.kitex.spring.boot.autoconfigure.discovery;

import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.discovery.Resolver;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Resolves a service through Spring Cloud's {@link DiscoveryClient}. Of the instances it lists, the
 * Kitex instances are those whose metadata has {@value KitexMetadata#PORT}: each is called at its
 * host and that port (others, such as the application's own HTTP registration, are skipped). The
 * weight is the metadata {@value KitexMetadata#WEIGHT} ({@value Instance#DEFAULT_WEIGHT} when absent
 * or not a whole number from 0 up); the tags are the rest of the metadata.
 */
public final class DiscoveryClientResolver implements Resolver {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryClientResolver.class);

    private final DiscoveryClient discoveryClient;

    /** Resolves services through {@code discoveryClient}. */
    public DiscoveryClientResolver(DiscoveryClient discoveryClient) {
        this.discoveryClient = discoveryClient;
    }

    @Override
    public List<Instance> resolve(String serviceName) {
        Map<InetSocketAddress, Instance> instances = new LinkedHashMap<>();
        for (ServiceInstance serviceInstance : discoveryClient.getInstances(serviceName)) {
            Instance instance = instanceOf(serviceInstance);
            if (instance != null) {
                instances.putIfAbsent((InetSocketAddress) instance.address(), instance);
            }
        }
        return List.copyOf(instances.values());
    }

    private static @Nullable Instance instanceOf(ServiceInstance serviceInstance) {
        Map<String, String> tags = new HashMap<>(serviceInstance.getMetadata());
        Integer port = number(tags.get(KitexMetadata.PORT));
        if (port == null || port < 1 || port > 65535) {
            if (tags.containsKey(KitexMetadata.PORT)) {
                log.debug("instance {} of {} is skipped: {} is not a port", serviceInstance.getInstanceId(),
                    serviceInstance.getServiceId(), KitexMetadata.PORT);
            }
            return null;
        }
        Integer weight = number(tags.remove(KitexMetadata.WEIGHT));
        return new Instance(new InetSocketAddress(serviceInstance.getHost(), port),
            weight == null || weight < 0 ? Instance.DEFAULT_WEIGHT : weight, tags);
    }

    private static @Nullable Integer number(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "DiscoveryClientResolver(" + discoveryClient.description() + ")";
    }
}
