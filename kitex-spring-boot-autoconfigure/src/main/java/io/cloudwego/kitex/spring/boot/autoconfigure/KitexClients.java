package io.cloudwego.kitex.spring.boot.autoconfigure;

import io.cloudwego.kitex.circuitbreak.CircuitBreakerSettings;
import io.cloudwego.kitex.client.CallPolicy;
import io.cloudwego.kitex.client.Fallback;
import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.discovery.HostPort;
import io.cloudwego.kitex.discovery.Resolver;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.loadbalance.ConsistentHash;
import io.cloudwego.kitex.loadbalance.LoadBalancer;
import io.cloudwego.kitex.loadbalance.WeightedRandom;
import io.cloudwego.kitex.loadbalance.WeightedRoundRobin;
import io.cloudwego.kitex.retry.RetryPolicy;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexProperties.ClientService;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexProperties.ClientSettings;
import io.cloudwego.kitex.spring.boot.autoconfigure.KitexProperties.MethodSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
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
 *
 * <p>The RPC timeouts, retry policies and idempotency of methods are read by every call from the
 * client's {@link io.cloudwego.kitex.client.CallPolicies}: {@link #refresh(KitexProperties.Client)}
 * applies changed properties to the clients already built, without rebuilding them (replacing
 * what a {@link KitexClientCustomizer} set for them). A service's
 * {@link KitexFallback @KitexFallback} bean answers its failed calls.
 */
public final class KitexClients implements AutoCloseable {
    private KitexProperties.Client properties;
    private final PropertyResolver propertyResolver;
    private final @Nullable String callerServiceName;
    private final @Nullable Resolver resolver;
    private final List<Middleware> middleware;
    private final List<KitexClientCustomizer> customizers;
    private final Fallbacks fallbacks;
    private final LoadBalancers loadBalancers;
    private final List<KitexClientListener> listeners;
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
        this(properties, propertyResolver, callerServiceName, resolver, middleware, customizers, name -> null, null,
            List.of(), Fallbacks.NONE);
    }

    /**
     * @param properties the {@code kitex.client.*} properties
     * @param propertyResolver resolves placeholders left in addresses
     * @param callerServiceName this application's service name, sent to callees; {@code null} for none
     * @param resolver finds the instances of services without addresses; {@code null} for none
     * @param middleware middleware run around every call of every client, the first outermost
     * @param customizers applied, in order, to every client's builder last
     * @param loadBalancerBeans the application's load balancer of a name, or {@code null} when it has none
     * @param defaultLoadBalancer the balancer of clients whose properties name none; {@code null}
     *     for weighted round robin
     * @param listeners told of every client built
     * @param fallbacks finds the fallback of a service, if it has one
     */
    public KitexClients(KitexProperties.Client properties, PropertyResolver propertyResolver,
                        @Nullable String callerServiceName, @Nullable Resolver resolver,
                        List<? extends Middleware> middleware, List<KitexClientCustomizer> customizers,
                        Function<String, @Nullable LoadBalancer> loadBalancerBeans,
                        @Nullable LoadBalancer defaultLoadBalancer, List<KitexClientListener> listeners,
                        Fallbacks fallbacks) {
        this.fallbacks = fallbacks;
        this.properties = properties;
        this.propertyResolver = propertyResolver;
        this.callerServiceName = callerServiceName;
        this.resolver = resolver;
        this.middleware = List.copyOf(middleware);
        this.customizers = List.copyOf(customizers);
        this.loadBalancers = new LoadBalancers(loadBalancerBeans, defaultLoadBalancer);
        this.listeners = List.copyOf(listeners);
    }

    /** The property value of a consistent hash on a metainfo value: {@link ConsistentHash#name()}. */
    private static final String CONSISTENT_HASH = "consistent-hash";

    /** Finds the load balancer a property names. */
    private record LoadBalancers(Function<String, @Nullable LoadBalancer> beans, @Nullable LoadBalancer fallback) {

        /**
         * The balancer named {@code name} ({@code null} for the default), which {@code property} set;
         * a consistent hash takes its metainfo key from {@code hashKey}, which {@code hashKeyProperty} set.
         */
        LoadBalancer named(@Nullable String name, String property, @Nullable String hashKey, String hashKeyProperty) {
            if (name == null) {
                return fallback != null ? fallback : LoadBalancer.defaultBalancer();
            }
            if (name.equals(WeightedRoundRobin.INSTANCE.name())) {
                return WeightedRoundRobin.INSTANCE;
            }
            if (name.equals(WeightedRandom.INSTANCE.name())) {
                return WeightedRandom.INSTANCE;
            }
            if (name.equals(CONSISTENT_HASH)) {
                if (hashKey == null || hashKey.isBlank()) {
                    throw new IllegalStateException(hashKeyProperty + ": " + property + " is " + CONSISTENT_HASH
                        + ", which needs the metainfo key to hash");
                }
                return ConsistentHash.byMetainfo(hashKey);
            }
            LoadBalancer bean = beans.apply(name);
            if (bean == null) {
                throw new IllegalStateException(property + ": no load balancer named " + name + "; use "
                    + WeightedRoundRobin.INSTANCE.name() + ", " + WeightedRandom.INSTANCE.name() + ", "
                    + CONSISTENT_HASH + " or the name of a LoadBalancer bean");
            }
            return bean;
        }
    }

    /** Finds the fallback of a service: an implementation of its interface that answers its failed calls. */
    @FunctionalInterface
    public interface Fallbacks {
        /** No service has a fallback. */
        Fallbacks NONE = (serviceName, serviceType) -> null;

        /** The fallback of the service named {@code serviceName} whose interface is {@code serviceType}, or {@code null}. */
        @Nullable Object fallbackOf(String serviceName, Class<?> serviceType);
    }

    /** A client built for one service name and service interface. */
    private record Key(String serviceName, Class<?> serviceType) {
    }

    /** A client as created: what it was built from, and the objects handed to injection points. */
    private static final class Created {
        Entry entry;
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
     * @param settings its effective settings (after a {@link #refresh}, the new RPC timeout and
     *     retry, and the other settings as built)
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

    /**
     * Applies the RPC timeouts, retries and idempotency of {@code properties} to the calls that
     * every client built so far makes from now on, and to the clients built later. Other settings
     * (addresses, transport, pool, connections) stay as the clients were built.
     *
     * @throws IllegalStateException when the properties do not fit a client (the message names the
     *     property); then no client changes
     */
    public synchronized void refresh(KitexProperties.Client properties) {
        Map<Created, Policies> updates = new LinkedHashMap<>();
        for (Created created : clients.values()) {
            updates.put(created, policies(properties, created.entry.serviceName(), created.entry.service()));
        }
        this.properties = properties;
        updates.forEach((created, policies) -> {
            Entry old = created.entry;
            policies.applyTo(old.kitexClient());
            ClientSettings built = old.settings();
            ClientSettings now = properties.settings(old.serviceName());
            ClientSettings settings = new ClientSettings(built.transport(), built.pool(), now.rpcTimeout(),
                built.connectTimeout(), built.connectionsPerAddress(), built.maxIdlePerAddress(), built.maxIdleGlobal(),
                built.maxIdleTime(), built.maxFrameSize(), built.discoveryRefreshInterval(), built.loadBalancer(),
                built.consistentHashKey(),
                built.circuitBreaker(), now.retry());
            created.entry = new Entry(old.serviceName(), old.service(), old.addresses(), settings,
                policies.methodRpcTimeouts(), old.kitexClient());
        });
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

        String transportProblem = KitexClient.Builder.transportProblem(settings.transport(), service);
        if (transportProblem != null) {
            String property = own.transport() != null ? prefix + ".transport" : "kitex.client.defaults.transport";
            throw new IllegalStateException(property + ": " + transportProblem);
        }
        KitexClient.Builder builder = KitexClient.builder(serviceName, service)
            .addresses(addresses.toArray(String[]::new))
            .discoveryRefreshInterval(settings.discoveryRefreshInterval())
            .transport(settings.transport())
            .pool(settings.pool())
            .connectTimeout(settings.connectTimeout())
            .connectionsPerAddress(settings.connectionsPerAddress())
            .maxIdle(settings.maxIdlePerAddress(), settings.maxIdleGlobal())
            .maxIdleTime(settings.maxIdleTime())
            .maxFrameSize((int) settings.maxFrameSize().toBytes())
            .loadBalancer(loadBalancers.named(settings.loadBalancer(),
                (own.loadBalancer() != null ? prefix : "kitex.client.defaults") + ".load-balancer",
                settings.consistentHashKey(),
                (own.consistentHashKey() != null ? prefix : "kitex.client.defaults") + ".consistent-hash-key"))
            .circuitBreaker(circuitBreaker(prefix, own, settings));
        Policies policies = policies(properties, serviceName, service);
        policies.applyTo(builder);
        Object fallback = fallbacks.fallbackOf(serviceName, service.type());
        if (fallback != null) {
            addFallback(builder, service, fallback);
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
            Entry entry = new Entry(serviceName, service, addresses, settings, policies.methodRpcTimeouts(), client);
            listeners.forEach(listener -> listener.clientCreated(entry));
            return new Created(entry, serviceClient);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The call policies of a client, as the properties give them. */
    private record Policies(CallPolicy defaults, Map<String, CallPolicy> methods, Map<String, Duration> methodRpcTimeouts) {
        void applyTo(KitexClient client) {
            client.policies().update(defaults, methods);
        }

        void applyTo(KitexClient.Builder builder) {
            builder.rpcTimeout(defaults.rpcTimeout());
            if (defaults.retry() != null) {
                builder.retry(defaults.retry());
            }
            methods.forEach((method, policy) -> {
                builder.rpcTimeout(method, policy.rpcTimeout()).retry(method, policy.retry());
                if (policy.idempotent()) {
                    builder.idempotent(method);
                }
            });
        }
    }

    /**
     * The policies of each method of {@code service} for clients of {@code serviceName}: the
     * method's settings over the service's over the defaults.
     *
     * @throws IllegalStateException when a method named in the properties is not a method of the service
     */
    private static Policies policies(KitexProperties.Client properties, String serviceName, ServiceDescriptor<?> service) {
        String prefix = "kitex.client.services" + KitexProperties.key(serviceName);
        ClientService own = properties.service(serviceName);
        ClientSettings settings = properties.settings(serviceName);
        CallPolicy defaults = new CallPolicy(settings.rpcTimeout(), settings.retry().policy(), false);
        Map<String, CallPolicy> methods = new LinkedHashMap<>();
        Map<String, Duration> methodRpcTimeouts = new LinkedHashMap<>();
        for (Map.Entry<String, MethodSettings> method : own.methods().entrySet()) {
            String name = method.getKey();
            if (!service.hasMethod(name)) {
                throw new IllegalStateException(prefix + ".methods" + KitexProperties.key(name) + ": service "
                    + service.name() + " has no method " + name + "; its methods are " + methodNames(service));
            }
            MethodSettings methodSettings = method.getValue();
            Duration rpcTimeout = methodSettings.rpcTimeout();
            if (rpcTimeout != null) {
                methodRpcTimeouts.put(name, rpcTimeout);
            }
            RetryPolicy retry = methodSettings.retry() != null ? methodSettings.retry().policy() : defaults.retry();
            methods.put(name, new CallPolicy(rpcTimeout != null ? rpcTimeout : defaults.rpcTimeout(), retry,
                methodSettings.idempotent()));
        }
        return new Policies(defaults, Map.copyOf(methods), Map.copyOf(methodRpcTimeouts));
    }

    /**
     * Makes {@code fallback}, an implementation of the service interface, answer every call of
     * {@code service} that fails, but for the server's business answers (an exception the IDL
     * declares, a biz status error), which still reach the caller.
     */
    @SuppressWarnings("unchecked")
    private static void addFallback(KitexClient.Builder builder, ServiceDescriptor<?> service, Object fallback) {
        for (MethodDescriptor<?, ?, ?> method : service.methods()) {
            MethodDescriptor<Object, Object, Object> m = (MethodDescriptor<Object, Object, Object>) method;
            Fallback<Object, Object> answer = (info, args, error) -> {
                if (error instanceof IdlException || error instanceof BizStatusException) {
                    throw (RuntimeException) error;
                }
                try {
                    CompletableFuture<Object> result = m.invoker().invoke(fallback, args);
                    return result.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            };
            builder.fallback(method.name(), answer);
        }
    }

    private static @Nullable CircuitBreakerSettings circuitBreaker(String prefix, ClientService own,
                                                                   ClientSettings settings) {
        try {
            return settings.circuitBreaker().toSettings();
        } catch (IllegalArgumentException e) {
            String where = own.circuitBreaker() != null ? prefix : "kitex.client.defaults";
            throw new IllegalStateException(where + ".circuit-breaker: " + e.getMessage(), e);
        }
    }

    private static List<String> methodNames(ServiceDescriptor<?> service) {
        List<String> names = new ArrayList<>();
        service.methods().forEach(m -> names.add(m.name()));
        service.streamingMethods().forEach(m -> names.add(m.name()));
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
