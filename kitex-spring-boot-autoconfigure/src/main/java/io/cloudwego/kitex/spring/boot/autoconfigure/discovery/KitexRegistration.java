package io.cloudwego.kitex.spring.boot.autoconfigure.discovery;

import io.cloudwego.kitex.registry.RegistryInfo;
import io.cloudwego.kitex.remote.Transport;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.serviceregistry.Registration;

/**
 * The Spring Cloud registration of a Kitex server, an instance of its own beside the application's
 * HTTP registration:
 *
 * <ul>
 *   <li>service id: the server's service name ({@code spring.application.name});
 *   <li>instance id: {@code <service>-kitex-<host>-<port>}, unique per server;
 *   <li>host and port: where the Kitex server listens;
 *   <li>metadata: the registered tags, then {@value KitexMetadata#PORT}, {@value KitexMetadata#PROTOCOLS}
 *       and {@value KitexMetadata#WEIGHT}.
 * </ul>
 */
public final class KitexRegistration extends DefaultServiceInstance implements Registration {

    private static final String PROTOCOLS = Arrays.stream(Transport.values())
        .map(transport -> transport.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .collect(Collectors.joining(","));

    private KitexRegistration(String serviceId, String host, int port, Map<String, String> metadata) {
        super(serviceId + "-kitex-" + host + "-" + port, serviceId, host, port, false, metadata);
    }

    /** The registration of the server {@code info} describes, reached at {@code host}. */
    public static KitexRegistration of(RegistryInfo info, String host) {
        int port = info.address().getPort();
        Map<String, String> metadata = new LinkedHashMap<>(info.tags());
        metadata.put(KitexMetadata.PORT, Integer.toString(port));
        metadata.put(KitexMetadata.PROTOCOLS, PROTOCOLS);
        metadata.put(KitexMetadata.WEIGHT, Integer.toString(info.weight()));
        return new KitexRegistration(info.serviceName(), host, port, Map.copyOf(metadata));
    }
}
