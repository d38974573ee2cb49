package io.cloudwego.kitex.client;

import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.discovery.InstanceCache;
import io.cloudwego.kitex.discovery.Resolver;
import io.cloudwego.kitex.endpoint.Endpoint;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.errors.NoInstanceException;
import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.internal.SerialExecutor;
import io.cloudwego.kitex.internal.Settings;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.remote.FrameEncoder;
import io.cloudwego.kitex.remote.MessageHeader;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.MethodPayload;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.grpc.Compressor;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.remote.codec.ttheader.IntKey;
import io.cloudwego.kitex.remote.codec.ttheader.StringKey;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.remote.netty.EventLoops;
import io.cloudwego.kitex.server.HandlerExecutors;
import io.cloudwego.kitex.rpcinfo.EndpointInfo;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.cloudwego.kitex.serviceinfo.ProtobufMethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.streaming.ClientCallStreamObserver;
import io.cloudwego.kitex.streaming.ClientResponseObserver;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * call goes to the next of the instances known at that moment, in turn.
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
    /** Default largest gRPC response message accepted, in bytes: 16 MiB. */
    public static final int DEFAULT_MAX_GRPC_MESSAGE_SIZE = 16 * 1024 * 1024;

    private static final Timer TIMER = new HashedWheelTimer(new DefaultThreadFactory("kitex-client-timer", true),
        10, TimeUnit.MILLISECONDS, 512);

    private final String serviceName;
    private final ServiceDescriptor<?> service;
    private final String callerServiceName;
    private final Transport transport;
    private final PoolType poolType;
    private final InstanceCache instances;
    private final AtomicInteger nextInstance = new AtomicInteger();
    private final Duration rpcTimeout;
    private final Map<String, Duration> methodRpcTimeouts;
    private final Connector connector;
    private final ConnectionPool pool;
    private final Endpoint endpoint;
    private final GrpcConnectionPool grpcPool;
    private final Compressor grpcCompressor;
    private final int maxGrpcMessageSize;
    private final Executor callbackExecutor;
    private final ExecutorService ownedCallbackExecutor;
    /** The gRPC calls on their way through the middleware chain, for its last endpoint to start. */
    private final Map<RpcInfo, GrpcCallSpec> grpcCalls = new ConcurrentHashMap<>();
    /** How each method called so far is written and read, by its descriptor. */
    private final Map<Object, MethodPayload> payloads = new ConcurrentHashMap<>();

    private KitexClient(Builder builder) {
        this.serviceName = builder.serviceName;
        this.service = builder.service;
        this.callerServiceName = builder.callerServiceName;
        this.transport = builder.transport;
        this.poolType = builder.poolType;
        this.rpcTimeout = builder.rpcTimeout;
        this.methodRpcTimeouts = Map.copyOf(builder.methodRpcTimeouts);
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
        this.grpcPool = new GrpcConnectionPool(connector, builder.connectionsPerAddress);
        this.grpcCompressor = builder.grpcCompressor;
        this.maxGrpcMessageSize = builder.maxGrpcMessageSize;
        this.ownedCallbackExecutor = builder.callbackExecutor == null ? HandlerExecutors.newDefaultExecutor() : null;
        this.callbackExecutor = builder.callbackExecutor != null ? builder.callbackExecutor : ownedCallbackExecutor;
        this.endpoint = Middleware.chain(builder.middlewares, this::send);
        Resolver resolver = builder.resolver != null ? builder.resolver : Resolver.fixed(builder.instances);
        this.instances = InstanceCache.start(serviceName, resolver, builder.discoveryRefreshInterval);
    }

    /**
     * A builder for a client of {@code serviceName} (the callee's service name, used to find its
     * instances and sent as the to-service) whose methods {@code service} describes.
     */
    public static Builder builder(String serviceName, ServiceDescriptor<?> service) {
        return new Builder(serviceName, service);
    }

    /** Calls {@code method} with {@code args}; the future completes with the result or the error. */
    public <A, T> CompletableFuture<T> call(MethodDescriptor<?, A, T> method, A args) {
        return call(method.name(), method.kind(), method, args);
    }

    /** Calls the method {@code descriptor} describes over {@link #transport} through the middleware chain. */
    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> call(String method, MethodKind kind, Object descriptor, Object request) {
        Duration timeout = capByUpstream(methodRpcTimeouts.getOrDefault(method, rpcTimeout));
        if (timeout.isNegative()) {
            return CompletableFuture.failedFuture(new RpcTimeoutException(method, RpcInfo.current().rpcTimeout()));
        }
        RpcInfo info = newRpcInfo(method, kind, descriptor, transport, timeout);
        try {
            return (CompletableFuture<T>) endpoint.call(info, request);
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
        return await(call(method, args), method.name());
    }

    /** The timeout {@code configured} (zero for none), capped by the time left of the call handled on this thread; negative when none is left. */
    private static Duration capByUpstream(Duration configured) {
        RpcInfo current = RpcInfo.current();
        Duration upstreamRemaining = current == null ? null : current.remainingTime();
        if (upstreamRemaining != null && (configured.isZero() || upstreamRemaining.compareTo(configured) < 0)) {
            return upstreamRemaining.isZero() ? Duration.ofNanos(-1) : upstreamRemaining;
        }
        return configured;
    }

    private RpcInfo newRpcInfo(String method, MethodKind kind, Object descriptor, Transport callTransport,
                              Duration timeout) {
        RpcInfo current = RpcInfo.current();
        return new RpcInfo(
            new EndpointInfo(callerServiceName, current == null ? "" : current.method(), null),
            new EndpointInfo(serviceName, method, null),
            service.name(), method, kind, descriptor, callTransport, timeout, Metainfo.current());
    }

    private static <T> T await(CompletableFuture<T> result, String method) {
        try {
            return result.get();
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
            throw new CompletionException("interrupted while waiting for " + method, e);
        }
    }

    /**
     * Calls the unary Protobuf method {@code method} with {@code request}: over gRPC when the client's
     * transport is {@link Transport#GRPC}, else as a Kitex Protobuf message over
     * {@link Transport#TTHEADER_FRAMED} or {@link Transport#FRAMED}; through the middleware chain like
     * a Thrift call. The future completes with the response or the error: a {@link GrpcStatusException}
     * for a gRPC status other than OK, a {@link io.cloudwego.kitex.errors.RemoteApplicationException}
     * for an application exception a Kitex Protobuf server answers with.
     *
     * @throws IllegalArgumentException if {@code method} is not unary
     */
    public <Req, Resp> CompletableFuture<Resp> call(ProtobufMethodDescriptor<?, Req, Resp> method, Req request) {
        requireKind(method, MethodKind.UNARY);
        if (transport.isGrpc()) {
            return grpcUnary(method, request, CallOptions.DEFAULT);
        }
        return call(method.name(), method.kind(), method, request);
    }

    /**
     * Calls the unary Protobuf method {@code method} over gRPC with the call's own {@code options}.
     *
     * @throws IllegalStateException if the client's transport is not {@link Transport#GRPC}
     */
    public <Req, Resp> CompletableFuture<Resp> call(ProtobufMethodDescriptor<?, Req, Resp> method, Req request,
                                                    CallOptions options) {
        requireKind(method, MethodKind.UNARY);
        requireGrpcTransport(method);
        return grpcUnary(method, request, Objects.requireNonNull(options, "options"));
    }

    /**
     * Calls the unary Protobuf method {@code method} and waits for its response, as
     * {@link #call(ProtobufMethodDescriptor, Object)}.
     *
     * @throws io.cloudwego.kitex.errors.KitexException what went wrong with the call; a
     *     {@link GrpcStatusException} for a gRPC status other than OK
     * @throws IllegalArgumentException if {@code method} is not unary
     */
    public <Req, Resp> Resp callBlocking(ProtobufMethodDescriptor<?, Req, Resp> method, Req request) {
        return await(call(method, request), method.fullName());
    }

    /**
     * Calls the unary Protobuf method {@code method} over gRPC with {@code options}, and waits for its
     * response.
     *
     * @throws IllegalStateException if the client's transport is not {@link Transport#GRPC}
     */
    public <Req, Resp> Resp callBlocking(ProtobufMethodDescriptor<?, Req, Resp> method, Req request,
                                         CallOptions options) {
        return await(call(method, request, options), method.fullName());
    }

    /**
     * Calls the server-streaming method {@code method} over gRPC with {@code request}; the responses go
     * to {@code responseObserver}, which may be a {@link ClientResponseObserver} for flow control and
     * cancellation.
     */
    public <Req, Resp> void serverStreamingCall(ProtobufMethodDescriptor<?, Req, Resp> method, Req request,
                                                StreamObserver<Resp> responseObserver) {
        serverStreamingCall(method, request, CallOptions.DEFAULT, responseObserver);
    }

    /** As {@link #serverStreamingCall(ProtobufMethodDescriptor, Object, StreamObserver)}, with the call's own {@code options}. */
    public <Req, Resp> void serverStreamingCall(ProtobufMethodDescriptor<?, Req, Resp> method, Req request,
                                                CallOptions options, StreamObserver<Resp> responseObserver) {
        requireKind(method, MethodKind.SERVER_STREAMING);
        startStreaming(method, request, options, responseObserver);
    }

    /**
     * Starts the client-streaming method {@code method} over gRPC: the caller sends requests to the
     * observer returned (a {@link ClientCallStreamObserver}) and ends them with {@code onCompleted};
     * the response goes to {@code responseObserver}.
     */
    public <Req, Resp> StreamObserver<Req> clientStreamingCall(ProtobufMethodDescriptor<?, Req, Resp> method,
                                                               StreamObserver<Resp> responseObserver) {
        return clientStreamingCall(method, CallOptions.DEFAULT, responseObserver);
    }

    /** As {@link #clientStreamingCall(ProtobufMethodDescriptor, StreamObserver)}, with the call's own {@code options}. */
    public <Req, Resp> StreamObserver<Req> clientStreamingCall(ProtobufMethodDescriptor<?, Req, Resp> method,
                                                               CallOptions options,
                                                               StreamObserver<Resp> responseObserver) {
        requireKind(method, MethodKind.CLIENT_STREAMING);
        return startStreaming(method, null, options, responseObserver);
    }

    /**
     * Starts the bidirectional streaming method {@code method} over gRPC: the caller sends requests to
     * the observer returned (a {@link ClientCallStreamObserver}), the responses go to
     * {@code responseObserver}.
     */
    public <Req, Resp> StreamObserver<Req> bidiStreamingCall(ProtobufMethodDescriptor<?, Req, Resp> method,
                                                             StreamObserver<Resp> responseObserver) {
        return bidiStreamingCall(method, CallOptions.DEFAULT, responseObserver);
    }

    /** As {@link #bidiStreamingCall(ProtobufMethodDescriptor, StreamObserver)}, with the call's own {@code options}. */
    public <Req, Resp> StreamObserver<Req> bidiStreamingCall(ProtobufMethodDescriptor<?, Req, Resp> method,
                                                             CallOptions options,
                                                             StreamObserver<Resp> responseObserver) {
        requireKind(method, MethodKind.BIDI_STREAMING);
        return startStreaming(method, null, options, responseObserver);
    }

    private static void requireKind(ProtobufMethodDescriptor<?, ?, ?> method, MethodKind kind) {
        if (method.kind() != kind) {
            throw new IllegalArgumentException(method.fullName() + " is " + method.kind() + ", not " + kind);
        }
    }

    private void requireGrpcTransport(ProtobufMethodDescriptor<?, ?, ?> method) {
        if (!transport.isGrpc()) {
            throw new IllegalStateException("CallOptions are for gRPC calls; the client of " + serviceName
                + " calls " + method.fullName() + " over " + transport);
        }
    }

    @SuppressWarnings("unchecked")
    private <Req, Resp> CompletableFuture<Resp> grpcUnary(ProtobufMethodDescriptor<?, Req, Resp> method, Req request,
                                                         CallOptions options) {
        Duration configured = options.timeout() != null ? options.timeout()
            : methodRpcTimeouts.getOrDefault(method.name(), rpcTimeout);
        Duration timeout = capByUpstream(configured);
        if (timeout.isNegative()) {
            return CompletableFuture.failedFuture(upstreamDeadlineExceeded(method));
        }
        RpcInfo info = newRpcInfo(method.name(), MethodKind.UNARY, method, Transport.GRPC, timeout);
        grpcCalls.put(info, new GrpcCallSpec(method, options, null));
        CompletableFuture<Object> result;
        try {
            result = endpoint.call(info, request);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return (CompletableFuture<Resp>) result.whenComplete((response, error) -> grpcCalls.remove(info));
    }

    /**
     * Starts a streaming call. The middleware chain sees it once, as it starts: the request is the
     * request message of a server-streaming call ({@code null} for the others), and the future
     * completes when the call ends, with {@code null} or the error the response observer got.
     */
    @SuppressWarnings("unchecked")
    private <Req, Resp> GrpcClientCall<Req, Resp> startStreaming(ProtobufMethodDescriptor<?, Req, Resp> method,
                                                                 Req request, CallOptions options,
                                                                 StreamObserver<Resp> responseObserver) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(responseObserver, "responseObserver");
        Duration timeout = capByUpstream(options.timeout() != null ? options.timeout() : Duration.ZERO);
        RpcInfo info = newRpcInfo(method.name(), method.kind(), method, Transport.GRPC, timeout.isNegative() ? Duration.ZERO : timeout);
        GrpcClientCall<Req, Resp> call = new GrpcClientCall<>(method, info, options, grpcCompressor,
            maxGrpcMessageSize, responseObserver, serialCallbacks());
        if (responseObserver instanceof ClientResponseObserver) {
            ((ClientResponseObserver<Req, Resp>) responseObserver).beforeStart(call);
        }
        if (timeout.isNegative()) {
            call.finish(upstreamDeadlineExceeded(method));
            return call;
        }
        grpcCalls.put(info, new GrpcCallSpec(method, options, call));
        CompletableFuture<Object> result;
        try {
            result = endpoint.call(info, request);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((ignored, error) -> {
            grpcCalls.remove(info);
            if (error != null) {
                call.finish(unwrap(error));
            }
        });
        return call;
    }

    /**
     * An executor for one call's callbacks, one at a time on the client's callback executor; once
     * that refuses tasks (the client closed), on the thread that ends the call.
     */
    private Executor serialCallbacks() {
        SerialExecutor serial = new SerialExecutor(callbackExecutor);
        return task -> {
            try {
                serial.execute(task);
            } catch (RejectedExecutionException e) {
                serial.run();
            }
        };
    }

    private static GrpcStatusException upstreamDeadlineExceeded(ProtobufMethodDescriptor<?, ?, ?> method) {
        return new GrpcStatusException(GrpcStatus.of(GrpcStatus.Code.DEADLINE_EXCEEDED, "the deadline of the call "
            + "being handled passed before " + method.fullName() + " was called"), null, null, false);
    }

    /** What the last endpoint needs to start a gRPC call: for a streaming call, the call itself. */
    private static final class GrpcCallSpec {
        final ProtobufMethodDescriptor<?, ?, ?> method;
        final CallOptions options;
        final GrpcClientCall<?, ?> streamingCall;
        final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

        GrpcCallSpec(ProtobufMethodDescriptor<?, ?, ?> method, CallOptions options, GrpcClientCall<?, ?> streamingCall) {
            this.method = method;
            this.options = options;
            this.streamingCall = streamingCall;
        }
    }

    /** The last endpoint of a gRPC call: starts the call on a stream to the next instance. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private CompletableFuture<Object> sendGrpc(RpcInfo info, Object request) {
        GrpcCallSpec spec = grpcCalls.get(info);
        if (spec == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("unknown gRPC call " + info
                + ": middleware must pass on the RpcInfo it is given"));
        }
        GrpcClientCall call;
        CompletableFuture<Object> result;
        try {
            if (spec.streamingCall == null) {
                UnaryResponse response = new UnaryResponse(spec.method);
                call = new GrpcClientCall(spec.method, info, spec.options, grpcCompressor, maxGrpcMessageSize,
                    response, Runnable::run);
                result = response.result;
                call.send(request, false);
                call.onCompleted();
            } else {
                if (!spec.started.compareAndSet(false, true)) {
                    return CompletableFuture.failedFuture(new IllegalStateException("a streaming call starts once: "
                        + spec.method.fullName()));
                }
                call = spec.streamingCall;
                result = call.done;
                if (info.methodKind() == MethodKind.SERVER_STREAMING) {
                    call.send(request, false);
                    call.onCompleted();
                }
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        call.deadline(TIMER);
        whenResolved(() -> startGrpc(call));
        return result;
    }

    private void startGrpc(GrpcClientCall<?, ?> call) {
        if (call.isFinished()) {
            return;
        }
        SocketAddress address;
        try {
            address = pickAddress();
        } catch (NoInstanceException e) {
            call.finish(e);
            return;
        }
        RpcInfo info = call.info();
        info.callee(info.callee().withAddress(address));
        grpcPool.acquire(address).whenComplete((connection, error) -> {
            if (error != null) {
                call.finish(unwrap(error));
            } else {
                connection.open(call);
            }
        });
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** The response observer of a unary gRPC call: completes its future with the one response. */
    private static final class UnaryResponse implements StreamObserver<Object> {
        final CompletableFuture<Object> result = new CompletableFuture<>();
        private final ProtobufMethodDescriptor<?, ?, ?> method;
        private Object response;
        private int responses;

        UnaryResponse(ProtobufMethodDescriptor<?, ?, ?> method) {
            this.method = method;
        }

        @Override
        public void onNext(Object value) {
            response = value;
            responses++;
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onCompleted() {
            if (responses == 1) {
                result.complete(response);
            } else {
                result.completeExceptionally(new GrpcStatusException(GrpcStatus.of(GrpcStatus.Code.INTERNAL,
                    "the server sent " + responses + " responses to the unary call " + method.fullName()), null, null, true));
            }
        }
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

    /** Connections this client has open now. */
    public int openConnections() {
        return connector.openConnections();
    }

    /** Closes the client's connections; calls in flight fail. */
    @Override
    public void close() {
        instances.close();
        pool.close();
        grpcPool.close();
        if (ownedCallbackExecutor != null) {
            ownedCallbackExecutor.shutdown();
        }
    }

    /** The last endpoint of the chain: picks an instance, gets a connection, writes the request. */
    private CompletableFuture<Object> send(RpcInfo info, Object args) {
        if (info.transport().isGrpc()) {
            return sendGrpc(info, args);
        }
        MethodPayload method = payloads.computeIfAbsent(info.methodDescriptor(), MethodPayload::of);
        PendingCall call = new PendingCall(info, method, pool);
        Duration timeout = info.rpcTimeout();
        if (!timeout.isZero()) {
            call.timeout(TIMER.newTimeout(t -> call.timedOut(timeout), timeout.toNanos(), TimeUnit.NANOSECONDS));
        }
        whenResolved(() -> connect(call, method, args));
        return call.result;
    }

    /** Runs {@code task} once the instances were first resolved: now, or on the resolving thread. */
    private void whenResolved(Runnable task) {
        CompletableFuture<Void> resolved = instances.resolved();
        if (resolved.isDone()) {
            task.run();
        } else {
            resolved.thenRun(task);
        }
    }

    /**
     * The address of the instance the next call goes to: the next of the instances known now, in turn.
     *
     * @throws NoInstanceException when none is known
     */
    private SocketAddress pickAddress() {
        List<Instance> known = instances.instances();
        if (known.isEmpty()) {
            Exception failure = instances.failure();
            throw failure == null ? new NoInstanceException(serviceName) : new NoInstanceException(serviceName, failure);
        }
        return known.get(Math.floorMod(nextInstance.getAndIncrement(), known.size())).address();
    }

    /** Picks the next of the instances known now and gets a connection to it for {@code call}. */
    private void connect(PendingCall call, MethodPayload method, Object args) {
        if (call.isDone()) {
            return;
        }
        SocketAddress address;
        try {
            address = pickAddress();
        } catch (NoInstanceException e) {
            call.fail(e);
            return;
        }
        call.info.callee(call.info.callee().withAddress(address));
        pool.acquire(address).whenComplete((connection, error) -> {
            if (error != null) {
                call.fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            } else if (call.isDone()) {
                pool.release(connection, true);
            } else {
                write(connection, call, method, args);
            }
        });
    }

    private void write(ClientConnection connection, PendingCall call, MethodPayload method, Object args) {
        RpcInfo info = call.info;
        boolean oneway = method.kind() == MethodKind.ONEWAY;
        MessageType type = oneway ? MessageType.ONEWAY : MessageType.CALL;
        int seqId = ClientConnection.nextSeqId();
        info.seqId(seqId);
        ByteBuf request;
        try {
            TTHeader header = transport.isTTHeader() ? requestHeader(info, seqId, type) : null;
            request = FrameEncoder.encode(connection.channel().alloc(), transport, header, method.payloadCodec(),
                new MessageHeader(method.method(), type, seqId), out -> method.writeRequest(out, args));
        } catch (RuntimeException e) {
            pool.release(connection, true);
            call.fail(e);
            return;
        }
        connection.send(call, seqId, request, oneway);
    }

    private TTHeader requestHeader(RpcInfo info, int seqId, MessageType type) {
        TTHeader header = new TTHeader().seqId(seqId);
        Map<Integer, String> intInfo = header.intInfo();
        intInfo.put(IntKey.FROM_SERVICE, info.caller().serviceName());
        intInfo.put(IntKey.FROM_METHOD, info.caller().method());
        intInfo.put(IntKey.TO_SERVICE, info.callee().serviceName());
        intInfo.put(IntKey.TO_METHOD, info.method());
        intInfo.put(IntKey.MSG_TYPE, Integer.toString(type.id()));
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
        private int connectionsPerAddress = DEFAULT_CONNECTIONS_PER_ADDRESS;
        private int maxIdlePerAddress = DEFAULT_MAX_IDLE_PER_ADDRESS;
        private int maxIdleGlobal = DEFAULT_MAX_IDLE_GLOBAL;
        private Duration maxIdleTime = DEFAULT_MAX_IDLE_TIME;
        private int maxFrameSize = 16 * 1024 * 1024;
        private int maxGrpcMessageSize = DEFAULT_MAX_GRPC_MESSAGE_SIZE;
        private Compressor grpcCompressor;
        private Executor callbackExecutor;
        private final List<Middleware> middlewares = new ArrayList<>();
        private EventLoopGroup eventLoopGroup;

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

        /**
         * The framing of requests; default {@link Transport#TTHEADER_FRAMED}. {@link Transport#GRPC}
         * (Protobuf services only) sends unary calls over gRPC too; streaming calls always go over gRPC.
         */
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
            if (!service.hasMethod(method)) {
                throw new IllegalArgumentException("service " + service.name() + " has no method " + method);
            }
            methodRpcTimeouts.put(method, Settings.zeroOrPositive(rpcTimeout, "rpcTimeout of " + method));
            return this;
        }

        /**
         * Connections per instance of the multiplexed pool, and HTTP/2 connections per instance of
         * gRPC calls (more open when the server's limit of concurrent streams is reached); default 2.
         */
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

        /**
         * The largest gRPC response message accepted, in bytes (after decompression); default 16 MiB.
         * A larger one fails its call with {@code RESOURCE_EXHAUSTED}.
         */
        public Builder maxGrpcMessageSize(int maxGrpcMessageSize) {
            this.maxGrpcMessageSize = Settings.atLeast(maxGrpcMessageSize, 1, "maxGrpcMessageSize");
            return this;
        }

        /**
         * Compresses the request messages of gRPC calls with {@code encoding}: {@code gzip} or
         * {@code identity} (the default, no compression). A call may choose otherwise with
         * {@link CallOptions#withCompression(String)}. Compressed responses are read whatever this is.
         *
         * @throws IllegalArgumentException for another encoding
         */
        public Builder grpcCompression(String encoding) {
            this.grpcCompressor = CallOptions.compressor(encoding, "grpcCompression");
            return this;
        }

        /**
         * Where the response observers of gRPC streaming calls run (one callback of a call at a time);
         * default an executor of the client's own: virtual threads on JDK 21+, otherwise a bounded pool.
         */
        public Builder callbackExecutor(Executor callbackExecutor) {
            this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
            return this;
        }

        /** Adds middleware run around every call, in the order added. */
        public Builder middleware(Middleware... middlewares) {
            this.middlewares.addAll(List.of(middlewares));
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
         * @throws IllegalStateException when both addresses and a resolver are set, or the transport is
         *     {@link Transport#GRPC} for a Thrift service
         */
        public KitexClient build() {
            if (resolver != null && !instances.isEmpty()) {
                throw new IllegalStateException("a client has either addresses or a resolver, not both");
            }
            if (transport.isGrpc() && service.payloadCodec() != PayloadCodec.PROTOBUF) {
                throw new IllegalStateException("transport GRPC needs a Protobuf service; " + service.name()
                    + " is a Thrift service");
            }
            if (service.payloadCodec() == PayloadCodec.PROTOBUF && !transport.isGrpc() && !transport.isFramed()) {
                throw new IllegalStateException("transport " + transport + " cannot carry Kitex Protobuf, the"
                    + " encoding of Protobuf service " + service.fullName() + ": use TTHEADER_FRAMED, FRAMED or GRPC");
            }
            return new KitexClient(this);
        }
    }
}
