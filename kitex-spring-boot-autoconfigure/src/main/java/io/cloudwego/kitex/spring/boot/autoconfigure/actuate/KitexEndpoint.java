package io.cloudwego.kitex.spring.boot.autoconfigure.actuate;

import io.cloudwego.kitex.circuitbreak.CircuitBreakers;
import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.limit.Limits;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.server.ServerMetrics;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexClients;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexProperties.ClientSettings;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexServices;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code kitex} Actuator endpoint: the server (port, protocols, connections, requests), the
 * services it serves and their methods, and the clients built so far with their addresses, the
 * instances they call now (as resolved, for clients that use discovery), their effective settings,
 * load balancer and circuit breaker states. The server's limits and refusals are shown too. Durations are ISO-8601 ({@code PT0.2S}), sizes are in bytes, and enum
 * values are written as in properties ({@code ttheader-framed}).
 */
@Endpoint(id = "kitex")
public class KitexEndpoint {
    private final @Nullable KitexServer server;
    private final @Nullable KitexServices services;
    private final @Nullable KitexClients clients;

    /**
     * @param server the server, or {@code null} when the application has none
     * @param services the services the server serves, or {@code null} when they are not known
     * @param clients the clients, or {@code null} when the application has none
     */
    public KitexEndpoint(@Nullable KitexServer server, @Nullable KitexServices services, @Nullable KitexClients clients) {
        this.server = server;
        this.services = services;
        this.clients = clients;
    }

    /** Describes the server and the clients. */
    @ReadOperation
    public KitexDescriptor kitex() {
        return new KitexDescriptor(server == null ? null : describe(server),
            clients == null ? List.of() : clients.entries().stream().map(KitexEndpoint::describe).toList());
    }

    private ServerDescriptor describe(KitexServer server) {
        ServerMetrics metrics = server.metrics();
        boolean running = server.isRunning();
        return new ServerDescriptor(running, running ? server.port() : null,
            Arrays.stream(Transport.values()).map(KitexEndpoint::propertyValue).toList(),
            new ConnectionsDescriptor(metrics.activeConnections(), metrics.connectionsAccepted()),
            new RequestsDescriptor(metrics.requests(), metrics.inFlightRequests()),
            metrics.protocolErrors(), describe(server.limiter().limits()), metrics.refusals(),
            services == null ? List.of() : services.services().stream().map(KitexEndpoint::describe).toList());
    }

    private static LimitsDescriptor describe(Limits limits) {
        return new LimitsDescriptor(limits.maxConnections(), limits.maxQps(), limits.maxConcurrency());
    }

    private static CircuitBreakersDescriptor describe(@Nullable CircuitBreakers breakers) {
        if (breakers == null) {
            return new CircuitBreakersDescriptor(false, Map.of());
        }
        Map<String, String> states = new LinkedHashMap<>();
        breakers.states().forEach((name, state) -> states.put(name, propertyValue(state)));
        return new CircuitBreakersDescriptor(true, states);
    }

    private static ServedServiceDescriptor describe(KitexServices.Service service) {
        return new ServedServiceDescriptor(service.descriptor().name(), service.descriptor().type().getName(),
            service.beanName(), propertyValue(service.execution()), methods(service.descriptor()));
    }

    private static ClientDescriptor describe(KitexClients.Entry entry) {
        ClientSettings settings = entry.settings();
        Map<String, String> methodRpcTimeouts = new LinkedHashMap<>();
        entry.methodRpcTimeouts().forEach((method, timeout) -> methodRpcTimeouts.put(method, timeout.toString()));
        return new ClientDescriptor(entry.serviceName(), entry.service().name(), entry.service().type().getName(),
            entry.addresses(), propertyValue(settings.transport()), propertyValue(settings.pool()),
            text(settings.rpcTimeout()), text(settings.connectTimeout()), settings.connectionsPerAddress(),
            settings.maxIdlePerAddress(), settings.maxIdleGlobal(), text(settings.maxIdleTime()),
            settings.maxFrameSize().toBytes(), text(settings.discoveryRefreshInterval()), methodRpcTimeouts,
            methods(entry.service()), entry.kitexClient().instances().stream().map(KitexEndpoint::describe).toList(),
            entry.kitexClient().openConnections(), entry.kitexClient().loadBalancer().name(),
            describe(entry.kitexClient().circuitBreakers()));
    }

    private static InstanceDescriptor describe(Instance instance) {
        return new InstanceDescriptor(text(instance.address()), instance.weight(), instance.tags());
    }

    /** {@code host:port}, an IPv6 host in brackets, as addresses are configured. */
    private static String text(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return address.toString();
    }

    private static List<ServiceMethodDescriptor> methods(ServiceDescriptor<?> service) {
        List<ServiceMethodDescriptor> methods = new ArrayList<>();
        service.methods().forEach(m -> methods.add(new ServiceMethodDescriptor(m.name(), propertyValue(m.kind()))));
        service.streamingMethods().forEach(m -> methods.add(new ServiceMethodDescriptor(m.name(), propertyValue(m.kind()))));
        return methods;
    }

    private static String text(Duration duration) {
        return duration.toString();
    }

    /** An enum value as properties write it: {@code TTHEADER_FRAMED} as {@code ttheader-framed}. */
    private static String propertyValue(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * What the endpoint answers.
     *
     * @param server the server, or {@code null} when the application has none
     * @param clients the clients built so far
     */
    public record KitexDescriptor(@Nullable ServerDescriptor server, List<ClientDescriptor> clients)
        implements OperationResponseBody {
    }

    /**
     * The server.
     *
     * @param running whether it is serving
     * @param port the port it listens on, or {@code null} when it is not running
     * @param protocols the framings it detects and answers in
     * @param connections its connections
     * @param requests its requests
     * @param protocolErrors connections closed because of bad input, by reason
     * @param limits its limits
     * @param refusals connections and requests refused by its limits, by limit
     *     ({@code max-connections}, {@code max-qps}, {@code max-concurrency})
     * @param services the services it serves
     */
    public record ServerDescriptor(boolean running, @Nullable Integer port, List<String> protocols,
                                   ConnectionsDescriptor connections, RequestsDescriptor requests,
                                   Map<String, Long> protocolErrors, LimitsDescriptor limits,
                                   Map<String, Long> refusals, List<ServedServiceDescriptor> services) {
    }

    /**
     * The server's limits; 0 for none.
     *
     * @param maxConnections the most connections open at once
     * @param maxQps the most requests accepted per second
     * @param maxConcurrency the most requests handled at once
     */
    public record LimitsDescriptor(int maxConnections, int maxQps, int maxConcurrency) {
    }

    /**
     * A client's circuit breakers.
     *
     * @param enabled whether the client has any
     * @param states the state of each breaker created so far ({@code closed}, {@code open},
     *     {@code half-open}), by name: {@code caller/callee/method} for a method of the service,
     *     {@code callee@host:port} for an instance
     */
    public record CircuitBreakersDescriptor(boolean enabled, Map<String, String> states) {
    }

    /**
     * Connections of the server.
     *
     * @param active connections open now
     * @param accepted connections accepted since start
     */
    public record ConnectionsDescriptor(int active, long accepted) {
    }

    /**
     * Requests of the server.
     *
     * @param total requests received since start, oneway included
     * @param active requests whose handling or reply has not finished
     */
    public record RequestsDescriptor(long total, int active) {
    }

    /**
     * A served service.
     *
     * @param name its IDL name
     * @param serviceInterface its service interface
     * @param bean the name of the implementing bean
     * @param execution where its handlers run: {@code executor} or {@code event-loop}
     * @param methods its methods
     */
    public record ServedServiceDescriptor(String name, String serviceInterface, String bean, String execution,
                                        List<ServiceMethodDescriptor> methods) {
    }

    /**
     * A method.
     *
     * @param name its name in the IDL
     * @param kind how many messages it exchanges each way: {@code unary}, {@code oneway},
     *     {@code client-streaming}, {@code server-streaming} or {@code bidi-streaming}
     */
    public record ServiceMethodDescriptor(String name, String kind) {
    }

    /**
     * A client.
     *
     * @param serviceName the service name it calls, as in {@code @KitexClient}
     * @param idlServiceName the IDL name of the service
     * @param serviceInterface the service interface
     * @param addresses the instances it calls as configured; empty when it resolves them through discovery
     * @param transport its framing of requests
     * @param pool how it keeps connections
     * @param rpcTimeout the time a call may take; {@code PT0S} for none
     * @param connectTimeout the time allowed to open a connection
     * @param connectionsPerAddress connections per instance of the multiplexed pool
     * @param maxIdlePerAddress idle connections the long pool keeps per instance
     * @param maxIdleGlobal idle connections the long pool keeps over all instances
     * @param maxIdleTime how long an idle connection of the long pool stays reusable
     * @param maxFrameSize the largest reply frame accepted, in bytes
     * @param discoveryRefreshInterval the time between two resolutions of its instances
     * @param methodRpcTimeouts RPC timeouts of single methods, by method name
     * @param methods the service's methods
     * @param instances the instances it calls now, as last resolved
     * @param openConnections connections it has open now
     * @param loadBalancer how it chooses each call's instance, such as {@code weighted-round-robin}
     * @param circuitBreakers its circuit breakers
     */
    public record ClientDescriptor(String serviceName, String idlServiceName, String serviceInterface,
                                   List<String> addresses, String transport, String pool, String rpcTimeout,
                                   String connectTimeout, int connectionsPerAddress, int maxIdlePerAddress,
                                   int maxIdleGlobal, String maxIdleTime, long maxFrameSize,
                                   String discoveryRefreshInterval, Map<String, String> methodRpcTimeouts,
                                   List<ServiceMethodDescriptor> methods, List<InstanceDescriptor> instances,
                                   int openConnections, String loadBalancer, CircuitBreakersDescriptor circuitBreakers) {
    }

    /**
     * An instance a client calls.
     *
     * @param address its address, {@code host:port}
     * @param weight its weight
     * @param tags its tags
     */
    public record InstanceDescriptor(String address, int weight, Map<String, String> tags) {
    }
}
