package io.cloudwego.kitex.client;

import io.cloudwego.kitex.circuitbreak.CircuitBreakerSettings;
import io.cloudwego.kitex.circuitbreak.CircuitBreakers;
import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.discovery.InstanceCache;
import io.cloudwego.kitex.discovery.Resolver;
import io.cloudwego.kitex.endpoint.Endpoint;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.errors.KitexException;
import io.cloudwego.kitex.errors.NoInstanceException;
import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.internal.Settings;
import io.cloudwego.kitex.loadbalance.LoadBalancer;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.remote.FrameEncoder;
import io.cloudwego.kitex.remote.MessageHeader;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.ttheader.IntKey;
import io.cloudwego.kitex.remote.codec.ttheader.StringKey;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.remote.netty.EventLoops;
import io.cloudwego.kitex.retry.RetryBudget;
import io.cloudwego.kitex.retry.RetryPolicy;
import io.cloudwego.kitex.retry.Retryer;
import io.cloudwego.kitex.rpcinfo.EndpointInfo;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.serviceinfo.ProtobufMethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A client of one service: calls its methods over the chosen {@link Transport} and
 * {@link PoolType}, through the middleware chain, asynchronously ({@link #call}) or blocking
 * ({@link #callBlocking}).
 *
 * <pre>{@code
 * KitexClient client = KitexClient.builder("echo", EchoService.DESCRIPTOR)
 *     .addresses("127.0.0.1:8888")
 *     .rpcTimeout(Duration.ofSeconds(1))
 *     .build();
 * }</pre>
 *
 * <p>The instances a client calls are fixed ({@link Builder#addresses(String...)}) or found by a
 * {@link Resolver} ({@link Builder#resolver(Resolver)}) and kept in an {@link InstanceCache}; each
 * call goes to the instance its {@link LoadBalancer} picks among those known at that moment
 * (weighted round robin by default), passing over instances whose circuit breaker is open.
 *
 * <p>Each method has a {@link CallPolicy}: its RPC timeout, its {@link RetryPolicy} (failure retry
 * or backup request) and whether it is idempotent. The policies are read by every new call and
 * may change while the client runs ({@link #policies()}). A method may also have a {@link Fallback}.
 *
 * <p>Futures returned by {@link #call} complete on a Netty I/O thread; dependent stages that block
 * should run on an executor of their own ({@code thenApplyAsync(fn, executor)}).
 */
public final class KitexClient implements AutoCloseable {
    /** Default connect timeout, as Kitex. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(50);
    /** Default connections per instance of the multiplexed pool. */
    public static final int DEFAULT_CONNECTIONS_PER_ADDRESS = 2;
    /** Default idle connections kept per instance by the long pool, as Kitex. */
    public static final int DEFAULT_MAX_IDLE_PER_ADDRESS = 10;
    /** Default idle connections kept over all instances by the long pool, as Kitex. */
    public static final int DEFAULT_MAX_IDLE_GLOBAL = 100;
    /** Default time an idle connection of the long pool stays reusable, as Kitex. */
    public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofMinutes(1);
    /** How long the pick passes over an instance after a connection to it could not be opened. */
    static final Duration UNREACHABLE_AVOID_TIME = Duration.ofSeconds(1);

    private static final Timer TIMER = new HashedWheelTimer(new DefaultThreadFactory("kitex-client-timer", true),
        10, TimeUnit.MILLISECONDS, 512);

    private final String serviceName;
    private final ServiceDescriptor<?> service;
    private final String callerServiceName;
    private final Transport transport;
    private final PoolType poolType;
    private final InstanceCache instances;
    private final LoadBalancer loadBalancer;
    private final CircuitBreakers circuitBreakers;
    private final InstanceSelector instanceSelector;
    private final CallPolicies policies;
    private final Map<String, Fallback<Object, Object>> fallbacks;
    private final Retryer retryer = new Retryer(TIMER);
    /** Instances a connection could not be opened to, with the {@link System#nanoTime()} it failed. */
    private final Map<SocketAddress, Long> unreachable = new ConcurrentHashMap<>();
    private final Connector connector;
    private final ConnectionPool pool;
    private final Endpoint endpoint;

    private KitexClient(Builder builder) {
        this.serviceName = builder.serviceName;
        this.service = builder.service;
        this.callerServiceName = builder.callerServiceName;
        this.transport = builder.transport;
        this.poolType = builder.poolType;
        this.policies = builder.policies();
        this.fallbacks = Map.copyOf(builder.fallbacks);
        EventLoopGroup group = builder.eventLoopGroup != null ? builder.eventLoopGroup : EventLoops.sharedClientGroup();
        this.connector = new Connector(group, builder.connectTimeout, builder.maxFrameSize);
        switch (poolType) {
            case MULTIPLEXED:
                pool = new MultiplexedPool(connector, builder.connectionsPerAddress);
                break;
            case LONG:
                pool = new LongPool(connector, builder.maxIdlePerAddress, builder.maxIdleGlobal, builder.maxIdleTime);
                break;
            default:
                pool = new ShortPool(connector);
        }
        this.loadBalancer = builder.loadBalancer;
        this.circuitBreakers = builder.circuitBreaker == null ? null : new CircuitBreakers(serviceName, builder.circuitBreaker);
        List<Middleware> chain = new ArrayList<>(builder.middlewares);
        if (circuitBreakers != null) {
            chain.add(circuitBreakers.serviceMiddleware());
        }
        this.endpoint = Middleware.chain(chain, this::send);
        Resolver resolver = builder.resolver != null ? builder.resolver : Resolver.fixed(builder.instances);
        this.instances = InstanceCache.start(serviceName, resolver, builder.discoveryRefreshInterval);
        this.instanceSelector = new InstanceSelector(serviceName, instances, loadBalancer, circuitBreakers);
    }

    /**
     * A builder for a client of {@code serviceName} (the callee's service name, used to find its
     * instances and sent as the to-service) whose methods {@code service} describes.
     */
    public static Builder builder(String serviceName, ServiceDescriptor<?> service) {
        return new Builder(serviceName, service);
    }

    /**
     * Calls {@code method} with {@code args} under the method's current {@link CallPolicy}; the
     * future completes with the result, the method's {@link Fallback} value, or the error.
     */
    @SuppressWarnings("unchecked")
    public <A, T> CompletableFuture<T> call(MethodDescriptor<?, A, T> method, A args) {
        RpcInfo current = RpcInfo.current();
        CallPolicy policy = policies.policy(method.name());
        Duration timeout = policy.rpcTimeout();
        Duration upstreamRemaining = current == null ? null : current.remainingTime();
        long callerDeadline = 0;
        if (upstreamRemaining != null) {
            callerDeadline = System.nanoTime() + upstreamRemaining.toNanos();
            if (timeout.isZero() || upstreamRemaining.compareTo(timeout) < 0) {
                timeout = upstreamRemaining;
            }
        }
        RpcInfo info = new RpcInfo(
            new EndpointInfo(callerServiceName, current == null ? "" : current.method(), null),
            new EndpointInfo(serviceName, method.name(), null),
            service.name(), method.name(), method.kind(), method, transport, timeout, Metainfo.current());
        CompletableFuture<Object> result;
        RetryPolicy retry = policy.retry();
        if (upstreamRemaining != null && upstreamRemaining.isZero()) {
            result = CompletableFuture.failedFuture(new RpcTimeoutException(method.name(), current.rpcTimeout()));
        } else if (retry == null || method.isOneway()) {
            result = invoke(info, args);
        } else {
            result = retryer.call(info, args, retry, policy.idempotent(), policy.rpcTimeout(), callerDeadline, endpoint);
        }
        Fallback<Object, Object> fallback = fallbacks.get(method.name());
        if (fallback != null) {
            result = result.exceptionally(error -> fallback.apply(info, args,
                error instanceof CompletionException && error.getCause() != null ? error.getCause() : error));
        }
        return (CompletableFuture<T>) result;
    }

    private CompletableFuture<Object> invoke(RpcInfo info, Object args) {
        try {
            return endpoint.call(info, args);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Calls {@code method} and waits for its result.
     *
     * @throws io.cloudwego.kitex.errors.KitexException what went wrong with the call
     * @throws io.cloudwego.kitex.errors.IdlException an exception the method declares
     */
    public <A, T> T callBlocking(MethodDescriptor<?, A, T> method, A args) {
        try {
            return call(method, args).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new CompletionException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting for " + method.name(), e);
        }
    }

    /**
     * Calls the unary Protobuf method {@code method} with {@code request}.
     *
     * <p>Not available yet: the future fails with {@link UnsupportedOperationException} until the
     * Kitex Protobuf and gRPC transports arrive. Generated Protobuf clients call it already, so
     * that they work unchanged then.
     */
    public <Req, Resp> CompletableFuture<Resp> call(ProtobufMethodDescriptor<?, Req, Resp> method, Req request) {
        requireKind(method, MethodKind.UNARY);
        return CompletableFuture.failedFuture(transportComesLater(method));
    }

    /**
     * Calls the unary Protobuf method {@code method} and waits for its response.
     *
     * <p>Not available yet: throws {@link UnsupportedOperationException}, as {@link
     * #call(ProtobufMethodDescriptor, Object)} explains.
     */
    public <Req, Resp> Resp callBlocking(ProtobufMethodDescriptor<?, Req, Resp> method, Req request) {
        requireKind(method, MethodKind.UNARY);
        throw transportComesLater(method);
    }

    /**
     * Calls the server-streaming method {@code method} with {@code request}; the responses go to
     * {@code responseObserver}, which may be a {@link io.cloudwego.kitex.streaming.ClientResponseObserver}
     * for flow control and cancellation.
     *
     * <p>Not available yet: throws {@link UnsupportedOperationException} until the gRPC transport arrives.
     */
    public <Req, Resp> void serverStreamingCall(ProtobufMethodDescriptor<?, Req, Resp> method, Req request,
                                                StreamObserver<Resp> responseObserver) {
        requireKind(method, MethodKind.SERVER_STREAMING);
        throw transportComesLater(method);
    }

    /**
     * Starts the client-streaming method {@code method}: the caller sends requests to the observer
     * returned (a {@link io.cloudwego.kitex.streaming.ClientCallStreamObserver}), the response goes to
     * {@code responseObserver}.
     *
     * <p>Not available yet: throws {@link UnsupportedOperationException} until the gRPC transport arrives.
     */
    public <Req, Resp> StreamObserver<Req> clientStreamingCall(ProtobufMethodDescriptor<?, Req, Resp> method,
                                                               StreamObserver<Resp> responseObserver) {
        requireKind(method, MethodKind.CLIENT_STREAMING);
        throw transportComesLater(method);
    }

    /**
     * Starts the bidirectional streaming method {@code method}: the caller sends requests to the
     * observer returned (a {@link io.cloudwego.kitex.streaming.ClientCallStreamObserver}), the
     * responses go to {@code responseObserver}.
     *
     * <p>Not available yet: throws {@link UnsupportedOperationException} until the gRPC transport arrives.
     */
    public <Req, Resp> StreamObserver<Req> bidiStreamingCall(ProtobufMethodDescriptor<?, Req, Resp> method,
                                                             StreamObserver<Resp> responseObserver) {
        requireKind(method, MethodKind.BIDI_STREAMING);
        throw transportComesLater(method);
    }

    private static void requireKind(ProtobufMethodDescriptor<?, ?, ?> method, MethodKind kind) {
        if (method.kind() != kind) {
            throw new IllegalArgumentException(method.fullName() + " is " + method.kind() + ", not " + kind);
        }
    }

    private static UnsupportedOperationException transportComesLater(ProtobufMethodDescriptor<?, ?, ?> method) {
        return new UnsupportedOperationException("Kitex Protobuf/gRPC transport comes with kitex-java's gRPC"
            + " support; " + method.fullName() + " cannot be called yet");
    }

    /** The service this client calls. */
    public String serviceName() {
        return serviceName;
    }

    public Transport transport() {
        return transport;
    }

    public PoolType poolType() {
        return poolType;
    }

    /** The instances this client calls now: empty until they are first resolved, and when there are none. */
    public List<Instance> instances() {
        return instances.instances();
    }

    /**
     * The policies of this client's methods: read by every new call, and replaceable while the
     * client runs.
     */
    public CallPolicies policies() {
        return policies;
    }

    /** The retry budget of {@code method}: how many of its calls were retried or backed up. */
    public RetryBudget retryBudget(String method) {
        requireMethod(service, method);
        return retryer.budget(method);
    }

    /** How this client chooses the instance of each call. */
    public LoadBalancer loadBalancer() {
        return loadBalancer;
    }

    /** This client's circuit breakers, or {@code null} when it has none (the default, as Kitex). */
    public CircuitBreakers circuitBreakers() {
        return circuitBreakers;
    }

    /** Connections this client has open now. */
    public int openConnections() {
        return connector.openConnections();
    }

    /** Closes the client's connections; calls in flight fail. */
    @Override
    public void close() {
        instances.close();
        pool.close();
    }

    /** The last endpoint of the chain: picks an instance, gets a connection, writes the request. */
    private CompletableFuture<Object> send(RpcInfo info, Object args) {
        MethodDescriptor<?, ?, ?> method = (MethodDescriptor<?, ?, ?>) info.methodDescriptor();
        PendingCall call = new PendingCall(info, method.resultCodec(), pool);
        Duration timeout = info.rpcTimeout();
        if (!timeout.isZero()) {
            call.timeout(TIMER.newTimeout(t -> call.timedOut(timeout), timeout.toNanos(), TimeUnit.NANOSECONDS));
        }
        info.onCancel(call::cancel);
        CompletableFuture<Void> resolved = instances.resolved();
        if (resolved.isDone()) {
            connect(call, method, args);
        } else {
            resolved.thenRun(() -> connect(call, method, args));
        }
        return call.result;
    }

    /** Picks the instance of {@code call} with the load balancer and gets a connection to it. */
    private void connect(PendingCall call, MethodDescriptor<?, ?, ?> method, Object args) {
        if (call.isDone()) {
            return;
        }
        Instance instance;
        try {
            instance = instanceSelector.pick(call, args, avoidFor(call.info));
        } catch (KitexException e) {
            call.fail(e);
            return;
        }
        SocketAddress address = instance.address();
        call.info.callee(call.info.callee().withAddress(address));
        pool.acquire(address).whenComplete((connection, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof ConnectFailedException) {
                    unreachable.put(address, System.nanoTime());
                }
                call.fail(cause);
            } else if (call.isDone()) {
                pool.release(connection, true);
            } else {
                write(connection, call, method, args);
            }
        });
    }

    /**
     * The instances {@code info} should not go to: those it avoids itself (where earlier attempts of
     * its call failed or wait) and, for {@link #UNREACHABLE_AVOID_TIME}, those a connection could
     * not be opened to. The pick still falls back to them when no other instance is left.
     */
    private Set<SocketAddress> avoidFor(RpcInfo info) {
        Set<SocketAddress> avoid = info.avoidAddresses();
        if (unreachable.isEmpty()) {
            return avoid;
        }
        Set<SocketAddress> more = new HashSet<>(avoid);
        long now = System.nanoTime();
        unreachable.forEach((address, failedAt) -> {
            if (now - failedAt < UNREACHABLE_AVOID_TIME.toNanos()) {
                more.add(address);
            } else {
                unreachable.remove(address, failedAt);
            }
        });
        return more;
    }

    @SuppressWarnings("unchecked")
    private void write(ClientConnection connection, PendingCall call, MethodDescriptor<?, ?, ?> descriptor,
                       Object args) {
        RpcInfo info = call.info;
        MethodDescriptor<?, Object, ?> method = (MethodDescriptor<?, Object, ?>) descriptor;
        MessageType type = method.isOneway() ? MessageType.ONEWAY : MessageType.CALL;
        int seqId = ClientConnection.nextSeqId();
        info.seqId(seqId);
        ByteBuf request;
        try {
            TTHeader header = transport.isTTHeader() ? requestHeader(info, seqId, type) : null;
            request = FrameEncoder.encode(connection.channel().alloc(), transport, header,
                new MessageHeader(method.name(), type, seqId), out -> method.argsCodec().write(out, args));
        } catch (RuntimeException e) {
            pool.release(connection, true);
            call.fail(e);
            return;
        }
        connection.send(call, seqId, request, method.isOneway());
    }

    private TTHeader requestHeader(RpcInfo info, int seqId, MessageType type) {
        TTHeader header = new TTHeader().seqId(seqId);
        Map<Integer, String> intInfo = header.intInfo();
        intInfo.put(IntKey.FROM_SERVICE, info.caller().serviceName());
        intInfo.put(IntKey.FROM_METHOD, info.caller().method());
        intInfo.put(IntKey.TO_SERVICE, info.callee().serviceName());
        intInfo.put(IntKey.TO_METHOD, info.method());
        intInfo.put(IntKey.MSG_TYPE, type.idText());
        intInfo.put(IntKey.TRANSPORT_TYPE, transport.isFramed() ? "framed" : "unframed");
        if (!info.rpcTimeout().isZero()) {
            intInfo.put(IntKey.RPC_TIMEOUT, Long.toString(Math.max(1, info.rpcTimeout().toMillis())));
        }
        Map<String, String> stringInfo = header.stringInfo();
        stringInfo.put(StringKey.IDL_SERVICE_NAME, info.idlServiceName());
        info.metainfo().writeRequestKeys(stringInfo);
        return header;
    }

    /** Builds a {@link KitexClient}. */
    public static final class Builder {
        private final String serviceName;
        private final ServiceDescriptor<?> service;
        private String callerServiceName = "";
        private Transport transport = Transport.TTHEADER_FRAMED;
        private PoolType poolType = PoolType.MULTIPLEXED;
        private final List<Instance> instances = new ArrayList<>();
        private Resolver resolver;
        private Duration discoveryRefreshInterval = InstanceCache.DEFAULT_REFRESH_INTERVAL;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration rpcTimeout = Duration.ZERO;
        private final Map<String, Duration> methodRpcTimeouts = new HashMap<>();
        private RetryPolicy retry;
        private final Map<String, RetryPolicy> methodRetries = new HashMap<>();
        private final Set<String> idempotentMethods = new HashSet<>();
        private final Map<String, Fallback<Object, Object>> fallbacks = new HashMap<>();
        private int connectionsPerAddress = DEFAULT_CONNECTIONS_PER_ADDRESS;
        private int maxIdlePerAddress = DEFAULT_MAX_IDLE_PER_ADDRESS;
        private int maxIdleGlobal = DEFAULT_MAX_IDLE_GLOBAL;
        private Duration maxIdleTime = DEFAULT_MAX_IDLE_TIME;
        private int maxFrameSize = 16 * 1024 * 1024;
        private final List<Middleware> middlewares = new ArrayList<>();
        private EventLoopGroup eventLoopGroup;
        private LoadBalancer loadBalancer = LoadBalancer.defaultBalancer();
        private CircuitBreakerSettings circuitBreaker;

        private Builder(String serviceName, ServiceDescriptor<?> service) {
            this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
            this.service = Objects.requireNonNull(service, "service");
        }

        /** Instance addresses as {@code host:port}: a fixed list, the alternative to {@link #resolver(Resolver)}. */
        public Builder addresses(String... hostPorts) {
            for (String hostPort : hostPorts) {
                instances.add(Instance.of(hostPort));
            }
            return this;
        }

        /** Instance addresses: a fixed list, the alternative to {@link #resolver(Resolver)}. */
        public Builder addresses(List<? extends SocketAddress> addresses) {
            addresses.forEach(address -> instances.add(Instance.of(address)));
            return this;
        }

        /**
         * Finds the instances to call with {@code resolver}, asked for this client's service name every
         * {@link #discoveryRefreshInterval(Duration) refresh interval}; the alternative to fixed
         * {@link #addresses(String...) addresses}. Without either, calls fail with
         * {@link NoInstanceException}.
         */
        public Builder resolver(Resolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Time between two resolutions of the instances; default 5 s, as Kitex. */
        public Builder discoveryRefreshInterval(Duration discoveryRefreshInterval) {
            this.discoveryRefreshInterval = Settings.positive(discoveryRefreshInterval, "discoveryRefreshInterval");
            return this;
        }

        /** The calling service's name, sent as the from-service; default empty. */
        public Builder callerServiceName(String callerServiceName) {
            this.callerServiceName = Objects.requireNonNull(callerServiceName, "callerServiceName");
            return this;
        }

        /** The framing of requests; default {@link Transport#TTHEADER_FRAMED}. */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** How connections are kept; default {@link PoolType#MULTIPLEXED}. */
        public Builder pool(PoolType poolType) {
            this.poolType = Objects.requireNonNull(poolType, "poolType");
            return this;
        }

        /** Time allowed to open a connection; default 50 ms, as Kitex. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Settings.positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Time a call may take from issue to reply, connecting included; sent to the server in
         * TTHeader. Default none ({@link Duration#ZERO}), as Kitex.
         */
        public Builder rpcTimeout(Duration rpcTimeout) {
            this.rpcTimeout = Settings.zeroOrPositive(rpcTimeout, "rpcTimeout");
            return this;
        }

        /** The RPC timeout of one method, overriding {@link #rpcTimeout(Duration)}. */
        public Builder rpcTimeout(String method, Duration rpcTimeout) {
            requireMethod(service, method);
            methodRpcTimeouts.put(method, Settings.zeroOrPositive(rpcTimeout, "rpcTimeout of " + method));
            return this;
        }

        /**
         * How every method sends more than one attempt of a call: a failure retry or a backup
         * request. Default none, as Kitex. Errors after the request may have reached the server are
         * retried only for {@link #idempotent(String...) idempotent} methods.
         */
        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** The retry policy of one method, overriding {@link #retry(RetryPolicy)}; {@code null} for none. */
        public Builder retry(String method, RetryPolicy retry) {
            requireMethod(service, method);
            methodRetries.put(method, retry);
            return this;
        }

        /**
         * Declares {@code methods} idempotent: running one twice is harmless, so that a failure
         * retry may resend a call after a timeout or any other error that may have reached the server.
         */
        public Builder idempotent(String... methods) {
            for (String method : methods) {
                requireMethod(service, method);
                idempotentMethods.add(method);
            }
            return this;
        }

        /** What a call of {@code method} returns in place of an error. */
        @SuppressWarnings("unchecked")
        public <A, T> Builder fallback(MethodDescriptor<?, A, T> method, Fallback<? super A, ? extends T> fallback) {
            return fallback(method.name(), (Fallback<Object, Object>) (Fallback<?, ?>) fallback);
        }

        /** What a call of the method named {@code method} returns in place of an error. */
        public Builder fallback(String method, Fallback<Object, Object> fallback) {
            requireMethod(service, method);
            fallbacks.put(method, Objects.requireNonNull(fallback, "fallback"));
            return this;
        }

        /** Connections per instance of the multiplexed pool; default 2. */
        public Builder connectionsPerAddress(int connectionsPerAddress) {
            this.connectionsPerAddress = Settings.atLeast(connectionsPerAddress, 1, "connectionsPerAddress");
            return this;
        }

        /** Idle connections the long pool keeps per instance (default 10) and in all (default 100). */
        public Builder maxIdle(int perAddress, int global) {
            this.maxIdlePerAddress = Settings.atLeast(perAddress, 0, "maxIdle perAddress");
            this.maxIdleGlobal = Settings.atLeast(global, 0, "maxIdle global");
            return this;
        }

        /** How long an idle connection of the long pool stays reusable; default 1 minute. */
        public Builder maxIdleTime(Duration maxIdleTime) {
            this.maxIdleTime = Settings.positive(maxIdleTime, "maxIdleTime");
            return this;
        }

        /** The largest reply frame accepted, in bytes; default 16 MiB. */
        public Builder maxFrameSize(int maxFrameSize) {
            this.maxFrameSize = Settings.atLeast(maxFrameSize, 64, "maxFrameSize");
            return this;
        }

        /** Adds middleware run around every call, in the order added. */
        public Builder middleware(Middleware... middlewares) {
            this.middlewares.addAll(List.of(middlewares));
            return this;
        }

        /**
         * How each call's instance is chosen; default {@link io.cloudwego.kitex.loadbalance.WeightedRoundRobin},
         * as Kitex.
         */
        public Builder loadBalancer(LoadBalancer loadBalancer) {
            this.loadBalancer = Objects.requireNonNull(loadBalancer, "loadBalancer");
            return this;
        }

        /**
         * Turns on circuit breakers (service and instance level, see {@link CircuitBreakers}) with
         * {@code settings}, such as {@link CircuitBreakerSettings#DEFAULT}; {@code null} turns them
         * off. Default off, as Kitex.
         */
        public Builder circuitBreaker(CircuitBreakerSettings settings) {
            this.circuitBreaker = settings;
            return this;
        }

        /** The event loops for this client's connections; default a group shared by all clients. */
        public Builder eventLoopGroup(EventLoopGroup eventLoopGroup) {
            this.eventLoopGroup = Objects.requireNonNull(eventLoopGroup, "eventLoopGroup");
            return this;
        }

        /**
         * Builds the client.
         *
         * @throws IllegalStateException when both addresses and a resolver are set
         */
        public KitexClient build() {
            if (resolver != null && !instances.isEmpty()) {
                throw new IllegalStateException("a client has either addresses or a resolver, not both");
            }
            if (transport.isGrpc()) {
                throw new UnsupportedOperationException("the gRPC client transport is not available yet");
            }
            return new KitexClient(this);
        }

        private CallPolicies policies() {
            Map<String, CallPolicy> policies = new HashMap<>();
            for (MethodDescriptor<?, ?, ?> method : service.methods()) {
                String name = method.name();
                policies.put(name, new CallPolicy(methodRpcTimeouts.getOrDefault(name, rpcTimeout),
                    methodRetries.containsKey(name) ? methodRetries.get(name) : retry, idempotentMethods.contains(name)));
            }
            Set<String> names = new HashSet<>(policies.keySet());
            service.protobufMethods().forEach(method -> names.add(method.name()));
            CallPolicies holder = new CallPolicies(serviceName, names, Map.of());
            holder.update(new CallPolicy(rpcTimeout, retry, false), policies);
            return holder;
        }
    }

    private static void requireMethod(ServiceDescriptor<?> service, String method) {
        if (!service.hasMethod(method)) {
            throw new IllegalArgumentException("service " + service.name() + " has no method " + method);
        }
    }
}
