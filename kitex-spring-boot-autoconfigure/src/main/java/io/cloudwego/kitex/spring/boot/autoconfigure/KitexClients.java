package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.discovery.HostPort;
import io.cloudwego.kitex.discovery.Resolver;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexProperties.ClientService;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexProperties.ClientSettings;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexProperties.MethodSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.PropertyResolver;

/**
 * The clients injected with
 * {@link io.cloudwego.kitex.spring.boot.autoconfigure.KitexClient @KitexClient}: one
 * {@link KitexClient} per service name and service interface, shared by every injection point
 * that asks for them, built from {@code kitex.client.services.<name>.*} over
 * {@code kitex.client.defaults.*}, and closed when the application context closes.
 *
 * <p>A client is built the first time it is asked for. An address may refer to a property that
 * is set only once the application runs, such as {@code 127.0.0.1:${local.kitex.server.port}};
 * it is resolved then. A service without addresses is resolved through the {@link Resolver} given
 * (discovery), when there is one.
 */
public final class KitexClients implements AutoCloseable {
    private final KitexProperties.Client properties;
    private final PropertyResolver propertyResolver;
    private final @Nullable String callerServiceName;
    private final @Nullable Resolver resolver;
    private final List<Middleware> middleware;
    private final List<KitexClientCustomizer> customizers;
    private final Map<Key, Created> clients = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param properties the {@code kitex.client.*} properties
     * @param propertyResolver resolves placeholders left in addresses
     * @param callerServiceName this application's service name, sent to callees; {@code null} for none
     * @param resolver finds the instances of services without addresses; {@code null} for none
     * @param middleware middleware run around every call of every client, the first outermost
     * @param customizers applied, in order, to every client's builder last
     */
    public KitexClients(KitexProperties.Client properties, PropertyResolver propertyResolver,
                        @Nullable String callerServiceName, @Nullable Resolver resolver,
                        List<? extends Middleware> middleware, List<KitexClientCustomizer> customizers) {
        this.properties = properties;
        this.propertyResolver = propertyResolver;
        this.callerServiceName = callerServiceName;
        this.resolver = resolver;
        this.middleware = List.copyOf(middleware);
        this.customizers = List.copyOf(customizers);
    }

    /** A client built for one service name and service interface. */
    private record Key(String serviceName, Class<?> serviceType) {
    }

    /** A client as created: what it was built from, and the objects handed to injection points. */
    private static final class Created {
        final Entry entry;
        final Object serviceClient;
        @Nullable Object async;

        Created(Entry entry, Object serviceClient) {
            this.entry = entry;
            this.serviceClient = serviceClient;
        }
    }

    /**
     * A client this registry built.
     *
     * @param serviceName the service name it calls (the key under {@code kitex.client.services})
     * @param service the service it calls
     * @param addresses the instances it calls as configured, placeholders resolved; empty when
     *     they are resolved through discovery
     * @param settings its effective settings
     * @param methodRpcTimeouts RPC timeouts of single methods, by method name
     * @param kitexClient the client
     */
    public record Entry(String serviceName, ServiceDescriptor<?> service, List<String> addresses,
                        ClientSettings settings, Map<String, Duration> methodRpcTimeouts, KitexClient kitexClient) {
    }

    /**
     * The client of the service named {@code serviceName} as a {@code type}: a service interface
     * (blocking calls) or its nested {@code Async} interface. Built on the first call for a service
     * name and service interface, then shared. Meant for start-up: a lookup uses reflection, so keep
     * the client rather than looking it up for every call.
     *
     * @throws IllegalArgumentException when {@code type} is neither
     * @throws IllegalStateException when the service's properties do not fit it (the message names the
     *     property), when its generated client class is missing, or after {@link #close()}
     */
    public synchronized <T> T get(String serviceName, Class<T> type) {
        if (closed) {
            throw new IllegalStateException("the Kitex clients are closed");
        }
        ServiceInterfaces.ClientType clientType = ServiceInterfaces.clientTypeOf(type);
        Key key = new Key(serviceName, clientType.service().type());
        Created created = clients.get(key);
        if (created == null) {
            created = create(serviceName, clientType.service());
            clients.put(key, created);
        }
        if (!clientType.async()) {
            return type.cast(created.serviceClient);
        }
        if (created.async == null) {
            created.async = ServiceInterfaces.asyncOf(created.serviceClient, type);
        }
        return type.cast(created.async);
    }

    /** The clients built so far, in the order they were first asked for. */
    public synchronized List<Entry> entries() {
        List<Entry> entries = new ArrayList<>(clients.size());
        clients.values().forEach(created -> entries.add(created.entry));
        return entries;
    }

    /** Closes every client; calls in flight fail. */
    @Override
    public synchronized void close() {
        closed = true;
        clients.values().forEach(created -> created.entry.kitexClient().close());
    }

    private Created create(String serviceName, ServiceDescriptor<?> service) {
        String prefix = "kitex.client.services" + KitexProperties.key(serviceName);
        ClientService own = properties.service(serviceName);
        ClientSettings settings = properties.defaults().overriddenBy(own);
        List<String> addresses = resolveAddresses(prefix, own.addresses());

        if (service.payloadCodec() == PayloadCodec.PROTOBUF && !settings.transport().isFramed()
            && !settings.transport().isGrpc()) {
            String property = own.transport() != null ? prefix + ".transport" : "kitex.client.defaults.transport";
            throw new IllegalStateException(property + ": " + settings.transport().name().toLowerCase(Locale.ROOT).replace('_', '-')
                + " cannot carry Kitex Protobuf, which Protobuf service " + service.fullName()
                + " needs: use ttheader-framed, framed or grpc");
        }
        KitexClient.Builder builder = KitexClient.builder(serviceName, service)
            .addresses(addresses.toArray(String[]::new))
            .discoveryRefreshInterval(settings.discoveryRefreshInterval())
            .transport(settings.transport())
            .pool(settings.pool())
            .rpcTimeout(settings.rpcTimeout())
            .connectTimeout(settings.connectTimeout())
            .connectionsPerAddress(settings.connectionsPerAddress())
            .maxIdle(settings.maxIdlePerAddress(), settings.maxIdleGlobal())
            .maxIdleTime(settings.maxIdleTime())
            .maxFrameSize((int) settings.maxFrameSize().toBytes());
        Map<String, Duration> methodRpcTimeouts = new LinkedHashMap<>();
        for (Map.Entry<String, MethodSettings> method : own.methods().entrySet()) {
            if (!service.hasMethod(method.getKey())) {
                throw new IllegalStateException(prefix + ".methods" + KitexProperties.key(method.getKey()) + ": service "
                    + service.name() + " has no method " + method.getKey() + "; its methods are " + methodNames(service));
            }
            Duration rpcTimeout = method.getValue().rpcTimeout();
            if (rpcTimeout != null) {
                builder.rpcTimeout(method.getKey(), rpcTimeout);
                methodRpcTimeouts.put(method.getKey(), rpcTimeout);
            }
        }
        if (addresses.isEmpty() && resolver != null) {
            builder.resolver(resolver);
        }
        if (callerServiceName != null) {
            builder.callerServiceName(callerServiceName);
        }
        builder.middleware(middleware.toArray(Middleware[]::new));
        customizers.forEach(customizer -> customizer.customize(serviceName, builder));

        KitexClient client = builder.build();
        try {
            Object serviceClient = ServiceInterfaces.newServiceClient(service, client);
            return new Created(new Entry(serviceName, service, addresses, settings, Map.copyOf(methodRpcTimeouts), client),
                serviceClient);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static List<String> methodNames(ServiceDescriptor<?> service) {
        List<String> names = new ArrayList<>();
        service.methods().forEach(m -> names.add(m.name()));
        service.protobufMethods().forEach(m -> names.add(m.name()));
        return names;
    }

    private List<String> resolveAddresses(String prefix, List<String> addresses) {
        List<String> resolved = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            String property = prefix + ".addresses[" + i + "]";
            String address;
            try {
                address = propertyResolver.resolveRequiredPlaceholders(addresses.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(property + ": " + e.getMessage(), e);
            }
            String problem = HostPort.problem(address);
            if (problem != null) {
                throw new IllegalStateException(property + " " + problem + ": " + address);
            }
            resolved.add(address);
        }
        return List.copyOf(resolved);
    }
}
