package io.cloudwego.kitex.client;

import static io.cloudwego.kitex.internal.Futures.unwrap;

import io.cloudwego.kitex.circuitbreak.CircuitBreakerSettings;
import io.cloudwego.kitex.circuitbreak.CircuitBreakers;
import io.cloudwego.kitex.discovery.Instance;
import io.cloudwego.kitex.discovery.InstanceCache;
import io.cloudwego.kitex.discovery.Resolver;
import io.cloudwego.kitex.endpoint.Endpoint;
import io.cloudwego.kitex.endpoint.Middleware;
import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.errors.KitexException;
import io.cloudwego.kitex.errors.NoInstanceException;
import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.internal.SerialExecutor;
import io.cloudwego.kitex.internal.Settings;
import io.cloudwego.kitex.loadbalance.LoadBalancer;
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
import io.cloudwego.kitex.retry.RetryBudget;
import io.cloudwego.kitex.retry.RetryPolicy;
import io.cloudwego.kitex.retry.Retryer;
import io.cloudwego.kitex.rpcinfo.EndpointInfo;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.server.HandlerExecutors;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

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
 * <p>An instance whose server says it is stopping ({@code crrst} on a TTHeader reply or control
 * frame) is passed over while it stops ({@link #stoppingInstances()}), and a call that fails before
 * any byte of it could reach a server is sent again, to another instance when there is one, without
 * any retry policy ({@link #transparentRetries()}): a graceful stop of an instance fails no call.
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
    /** Default largest gRPC response message accepted, in bytes: 16 MiB. */
    public static final int DEFAULT_MAX_GRPC_MESSAGE_SIZE = 16 * 1024 * 1024;
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
    /** How each method called so far is written and read, by its descriptor. */
    private final Map<Object, MethodPayload> payloads = new ConcurrentHashMap<>();
    private final GrpcConnectionPool grpcPool;
    private final Compressor grpcCompressor;
    private final int maxGrpcMessageSize;
    private final Executor callbackExecutor;
    private final ExecutorService ownedCallbackExecutor;
    /** gRPC calls with options of their own or streaming, on their way through the middleware chain. */
    private final Map<RpcInfo, GrpcCallSpec> grpcCalls = new ConcurrentHashMap<>();
    /** Calls sent again after a failure that never left the client, without a retry policy. */
    private final LongAdder transparentRetries = new LongAdder();
    private final PendingCall.Resender resender = new PendingCall.Resender() {
        @Override
        public int maxResends() {
            return TransparentRetry.maxResends(instances.instances().size());
        }

        @Override
        public void resend(PendingCall call) {
            transparentRetries.increment();
            connect(call);
        }
    };

    private KitexClient(Builder builder) {
        this.serviceName = builder.serviceName;
        this.service = builder.service;
        this.callerServiceName = builder.callerServiceName;
        this.transport = builder.transport;
        this.poolType = builder.poolType;
        this.policies = builder.policies();
        this.fallbacks = Map.copyOf(builder.fallbacks);
        EventLoopGroup group = builder.eventLoopGroup != null ? builder.eventLoopGroup : EventLoops.sharedClientGroup();
        this.connector = new Connector(group, builder.connectTimeout, builder.maxFrameSize, this::instanceStopping);
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
        this.grpcPool = new GrpcConnectionPool(connector, builder.connectionsPerAddress);
        this.grpcCompressor = builder.grpcCompressor;
        this.maxGrpcMessageSize = builder.maxGrpcMessageSize;
        this.ownedCallbackExecutor = builder.callbackExecutor == null ? HandlerExecutors.newDefaultExecutor() : null;
        this.callbackExecutor = builder.callbackExecutor != null ? builder.callbackExecutor : ownedCallbackExecutor;
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
    public <A, T> CompletableFuture<T> call(MethodDescriptor<?, A, T> method, A args) {
        return call(method.name(), method.kind(), method, transport, args);
    }

    /**
     * Calls the method {@code descriptor} describes over {@code callTransport} through retries, the
     * middleware chain and fallback.
     */
    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> call(String method, MethodKind kind, Object descriptor, Transport callTransport,
                                          Object args) {
        RpcInfo current = RpcInfo.current();
        CallPolicy policy = policies.policy(method);
        Duration upstreamRemaining = current == null ? null : current.remainingTime();
        Duration timeout = capByUpstream(policy.rpcTimeout(), upstreamRemaining);
        long callerDeadline = upstreamRemaining == null ? 0 : System.nanoTime() + upstreamRemaining.toNanos();
        RpcInfo info = newRpcInfo(method, kind, descriptor, callTransport, timeout.isNegative() ? Duration.ZERO : timeout);
        CompletableFuture<Object> result;
        RetryPolicy retry = policy.retry();
        if (timeout.isNegative()) {
            result = CompletableFuture.failedFuture(new RpcTimeoutException(method, current.rpcTimeout()));
        } else if (retry == null || kind == MethodKind.ONEWAY) {
            result = invoke(info, args);
        } else {
            result = retryer.call(info, args, retry, policy.idempotent(), policy.rpcTimeout(), callerDeadline, endpoint);
        }
        Fallback<Object, Object> fallback = fallbacks.get(method);
        if (fallback != null) {
            result = result.exceptionally(error -> fallback.apply(info, args,
                unwrap(error)));
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
        return await(call(method, args), method.name());
    }

    private static <T> T await(CompletableFuture<T> call, String method) {
        try {
            return call.get();
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
     * Calls the unary streaming method {@code method} (a unary {@code rpc} of a Protobuf service, or a
     * Thrift method annotated {@code streaming.mode="unary"}) with {@code request}. A Thrift service's
     * goes over gRPC always; a Protobuf service's over gRPC when the client's transport is
     * {@link Transport#GRPC}, otherwise as a Kitex Protobuf message over
     * {@link Transport#TTHEADER_FRAMED} or {@link Transport#FRAMED}. The call is made under the
     * method's {@link CallPolicy} (retries) and {@link Fallback}, like a Thrift call. The future
     * completes with the response or the error: a {@link GrpcStatusException} for a gRPC status other
     * than OK, a {@link io.cloudwego.kitex.errors.RemoteApplicationException} for a Kitex Protobuf
     * exception.
     *
     * @throws IllegalArgumentException if {@code method} is not unary
     */
    public <Req, Resp> CompletableFuture<Resp> call(StreamingMethodDescriptor<?, Req, Resp> method, Req request) {
        requireKind(method, MethodKind.UNARY);
        return call(method.name(), method.kind(), method, transportOf(method), request);
    }

    /**
     * Calls the unary streaming method {@code method} over gRPC with the call's own {@code options}.
     *
     * @throws IllegalStateException if the method is a Protobuf service's and the client's transport
     *     is not {@link Transport#GRPC}
     */
    public <Req, Resp> CompletableFuture<Resp> call(StreamingMethodDescriptor<?, Req, Resp> method, Req request,
                                                    CallOptions options) {
        requireKind(method, MethodKind.UNARY);
        requireGrpcTransport(method);
        return grpcUnary(method, request, Objects.requireNonNull(options, "options"));
    }

    /**
     * Calls the unary streaming method {@code method} and waits for its response.
     *
     * @throws io.cloudwego.kitex.errors.KitexException what went wrong with the call
     * @throws IllegalArgumentException if {@code method} is not unary
     */
    public <Req, Resp> Resp callBlocking(StreamingMethodDescriptor<?, Req, Resp> method, Req request) {
        return await(call(method, request), method.name());
    }

    /**
     * Calls the unary streaming method {@code method} over gRPC with {@code options}, and waits for its
     * response.
     *
     * @throws IllegalStateException if the method is a Protobuf service's and the client's transport
     *     is not {@link Transport#GRPC}
     */
    public <Req, Resp> Resp callBlocking(StreamingMethodDescriptor<?, Req, Resp> method, Req request,
                                         CallOptions options) {
        return await(call(method, request, options), method.fullName());
    }

    /**
     * Calls the server-streaming method {@code method} over gRPC with {@code request}; the responses go
     * to {@code responseObserver}, which may be a {@link ClientResponseObserver} for flow control and
     * cancellation.
     */
    public <Req, Resp> void serverStreamingCall(StreamingMethodDescriptor<?, Req, Resp> method, Req request,
                                                StreamObserver<Resp> responseObserver) {
        serverStreamingCall(method, request, CallOptions.DEFAULT, responseObserver);
    }

    /** As {@link #serverStreamingCall(StreamingMethodDescriptor, Object, StreamObserver)}, with the call's own {@code options}. */
    public <Req, Resp> void serverStreamingCall(StreamingMethodDescriptor<?, Req, Resp> method, Req request,
                                                CallOptions options, StreamObserver<Resp> responseObserver) {
        requireKind(method, MethodKind.SERVER_STREAMING);
        startStreaming(method, request, options, responseObserver);
    }

    /**
     * Starts the client-streaming method {@code method} over gRPC: the caller sends requests to the
     * observer returned (a {@link ClientCallStreamObserver}) and ends them with {@code onCompleted};
     * the response goes to {@code responseObserver}.
     */
    public <Req, Resp> StreamObserver<Req> clientStreamingCall(StreamingMethodDescriptor<?, Req, Resp> method,
                                                               StreamObserver<Resp> responseObserver) {
        return clientStreamingCall(method, CallOptions.DEFAULT, responseObserver);
    }

    /** As {@link #clientStreamingCall(StreamingMethodDescriptor, StreamObserver)}, with the call's own {@code options}. */
    public <Req, Resp> StreamObserver<Req> clientStreamingCall(StreamingMethodDescriptor<?, Req, Resp> method,
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
    public <Req, Resp> StreamObserver<Req> bidiStreamingCall(StreamingMethodDescriptor<?, Req, Resp> method,
                                                             StreamObserver<Resp> responseObserver) {
        return bidiStreamingCall(method, CallOptions.DEFAULT, responseObserver);
    }

    /** As {@link #bidiStreamingCall(StreamingMethodDescriptor, StreamObserver)}, with the call's own {@code options}. */
    public <Req, Resp> StreamObserver<Req> bidiStreamingCall(StreamingMethodDescriptor<?, Req, Resp> method,
                                                             CallOptions options,
                                                             StreamObserver<Resp> responseObserver) {
        requireKind(method, MethodKind.BIDI_STREAMING);
        return startStreaming(method, null, options, responseObserver);
    }

    private static void requireKind(StreamingMethodDescriptor<?, ?, ?> method, MethodKind kind) {
        if (method.kind() != kind) {
            throw new IllegalArgumentException(method.fullName() + " is " + method.kind() + ", not " + kind);
        }
    }

    /**
     * The transport of calls to the unary streaming method {@code method}: gRPC for a Thrift service,
     * whose streaming.mode methods have no other; the client's transport for a Protobuf service.
     */
    private Transport transportOf(StreamingMethodDescriptor<?, ?, ?> method) {
        return service.payloadCodec() == PayloadCodec.THRIFT ? Transport.GRPC : transport;
    }

    private void requireGrpcTransport(StreamingMethodDescriptor<?, ?, ?> method) {
        if (!transportOf(method).isGrpc()) {
            throw new IllegalStateException("CallOptions are for gRPC calls; the client of " + serviceName
                + " calls " + method.fullName() + " over " + transport);
        }
    }

    @SuppressWarnings("unchecked")
    private <Req, Resp> CompletableFuture<Resp> grpcUnary(StreamingMethodDescriptor<?, Req, Resp> method, Req request,
                                                         CallOptions options) {
        Duration configured = options.timeout() != null ? options.timeout() : policies.policy(method.name()).rpcTimeout();
        Duration timeout = capByUpstream(configured, upstreamRemaining());
        if (timeout.isNegative()) {
            return CompletableFuture.failedFuture(upstreamDeadlineExceeded(method));
        }
        RpcInfo info = newRpcInfo(method.name(), method.kind(), method, Transport.GRPC, timeout);
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
    private <Req, Resp> GrpcClientCall<Req, Resp> startStreaming(StreamingMethodDescriptor<?, Req, Resp> method,
                                                                 Req request, CallOptions options,
                                                                 StreamObserver<Resp> responseObserver) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(responseObserver, "responseObserver");
        Duration timeout = capByUpstream(options.timeout() != null ? options.timeout() : Duration.ZERO, upstreamRemaining());
        RpcInfo info = newRpcInfo(method.name(), method.kind(), method, Transport.GRPC,
            timeout.isNegative() ? Duration.ZERO : timeout);
        GrpcClientCall<Req, Resp> call = new GrpcClientCall<>(method, service.payloadCodec(), info, options, grpcCompressor,
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

    private static GrpcStatusException upstreamDeadlineExceeded(StreamingMethodDescriptor<?, ?, ?> method) {
        return new GrpcStatusException(GrpcStatus.of(GrpcStatus.Code.DEADLINE_EXCEEDED, "the deadline of the call "
            + "being handled passed before " + method.fullName() + " was called"), null, null, false);
    }

    /** What the last endpoint needs to start a gRPC call: for a streaming call, the call itself. */
    private static final class GrpcCallSpec {
        final StreamingMethodDescriptor<?, ?, ?> method;
        final CallOptions options;
        final GrpcClientCall<?, ?> streamingCall;
        final AtomicBoolean started = new AtomicBoolean();

        GrpcCallSpec(StreamingMethodDescriptor<?, ?, ?> method, CallOptions options, GrpcClientCall<?, ?> streamingCall) {
            this.method = method;
            this.options = options;
            this.streamingCall = streamingCall;
        }
    }

    /**
     * The last endpoint of a gRPC call: starts the call on a stream to the instance the load balancer
     * picks. A unary call without options of its own (each attempt of a retried call among them) is
     * described by its {@link RpcInfo} alone.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private CompletableFuture<Object> sendGrpc(RpcInfo info, Object request) {
        GrpcCallSpec spec = grpcCalls.get(info);
        if (spec == null) {
            if (info.methodKind() != MethodKind.UNARY || !(info.methodDescriptor() instanceof StreamingMethodDescriptor)) {
                return CompletableFuture.failedFuture(new IllegalStateException("unknown gRPC call " + info
                    + ": middleware must pass on the RpcInfo it is given"));
            }
            spec = new GrpcCallSpec((StreamingMethodDescriptor<?, ?, ?>) info.methodDescriptor(), CallOptions.DEFAULT, null);
        }
        GrpcClientCall call;
        CompletableFuture<Object> result;
        try {
            if (spec.streamingCall == null) {
                UnaryResponse response = new UnaryResponse(spec.method);
                call = new GrpcClientCall(spec.method, service.payloadCodec(), info, spec.options, grpcCompressor,
                    maxGrpcMessageSize, response, Runnable::run);
                result = response.result;
                GrpcClientCall unary = call;
                info.onCancel(() -> unary.cancel("the call was cancelled", null));
                call.sendLast(request);
            } else {
                if (!spec.started.compareAndSet(false, true)) {
                    return CompletableFuture.failedFuture(new IllegalStateException("a streaming call starts once: "
                        + spec.method.fullName()));
                }
                call = spec.streamingCall;
                result = call.done;
                if (info.methodKind() == MethodKind.SERVER_STREAMING) {
                    call.sendLast(request);
                }
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        call.deadline(TIMER);
        whenResolved(() -> startGrpc(call));
        return result;
    }

    /**
     * Starts {@code call} on an instance; a failure before its stream opened (a connection that could
     * not be opened, a stream refused unseen) sends it again, as {@link TransparentRetry} allows.
     */
    private void startGrpc(GrpcClientCall<?, ?> call) {
        TransparentRetry transparentRetry = new TransparentRetry();
        // The circuit breaker of the instance picked last hears how the call ends there.
        AtomicReference<Consumer<Throwable>> breakerOnEnd = new AtomicReference<>();
        call.done.whenComplete((ignored, error) -> {
            Consumer<Throwable> onEnd = breakerOnEnd.getAndSet(null);
            if (onEnd != null) {
                onEnd.accept(error == null ? null : unwrap(error));
            }
        });
        call.onUnopenedFailure(error -> {
            if (!transparentRetry.allows(error, resender.maxResends())) {
                return false;
            }
            transparentRetry.resending(call.info().callee().address());
            Consumer<Throwable> onEnd = breakerOnEnd.getAndSet(null);
            if (onEnd != null) {
                onEnd.accept(error);
            }
            transparentRetries.increment();
            startGrpc(call, transparentRetry.unsentTo(), breakerOnEnd);
            return true;
        });
        startGrpc(call, Set.of(), breakerOnEnd);
    }

    private void startGrpc(GrpcClientCall<?, ?> call, Set<SocketAddress> unsentTo,
                           AtomicReference<Consumer<Throwable>> breakerOnEnd) {
        if (call.isFinished()) {
            return;
        }
        RpcInfo info = call.info();
        SocketAddress address;
        try {
            address = instanceSelector.pick(info, null, avoidFor(info, unsentTo), breakerOnEnd::set).address();
        } catch (KitexException e) {
            call.finish(e);
            return;
        }
        info.callee(info.callee().withAddress(address));
        grpcPool.acquire(address).whenComplete((connection, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                if (cause instanceof ConnectFailedException) {
                    unreachable.put(address, System.nanoTime());
                }
                call.failUnopened(cause);
            } else {
                connection.open(call);
            }
        });
    }

    /** The time left of the call handled on this thread, or {@code null} when there is none or it has no deadline. */
    private static Duration upstreamRemaining() {
        RpcInfo current = RpcInfo.current();
        return current == null ? null : current.remainingTime();
    }

    /**
     * The timeout {@code configured} (zero for none), capped by {@code upstreamRemaining}, the time left
     * of the call handled on this thread ({@code null} for none); negative when none is left.
     */
    private static Duration capByUpstream(Duration configured, Duration upstreamRemaining) {
        if (upstreamRemaining != null && (configured.isZero() || upstreamRemaining.compareTo(configured) < 0)) {
            return upstreamRemaining.isZero() ? Duration.ofNanos(-1) : upstreamRemaining;
        }
        return configured;
    }

    /** The description of a call of {@code method} made now, from the call handled on this thread. */
    private RpcInfo newRpcInfo(String method, MethodKind kind, Object descriptor, Transport callTransport,
                               Duration timeout) {
        RpcInfo current = RpcInfo.current();
        return new RpcInfo(
            new EndpointInfo(callerServiceName, current == null ? "" : current.method(), null),
            new EndpointInfo(serviceName, method, null),
            service.name(), method, kind, descriptor, callTransport, timeout, Metainfo.current());
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

    /** The response observer of a unary gRPC call: completes its future with the one response. */
    private static final class UnaryResponse implements StreamObserver<Object> {
        final CompletableFuture<Object> result = new CompletableFuture<>();
        private final StreamingMethodDescriptor<?, ?, ?> method;
        private Object response;
        private int responses;

        UnaryResponse(StreamingMethodDescriptor<?, ?, ?> method) {
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

    /**
     * Calls sent again, on another instance when there was one, after a failure that never left the
     * client (a connection that could not be opened, or closed before the request was written):
     * transparent retries, made without a retry policy and not counted in any retry budget.
     */
    public long transparentRetries() {
        return transparentRetries.sum();
    }

    /**
     * The instances whose server said it is stopping (a reply or control frame with {@code crrst}):
     * calls pass over them, unless no other is left, until the resolver drops them or
     * {@code 10 s} have passed since they last said so.
     */
    public Set<SocketAddress> stoppingInstances() {
        return instanceSelector.stopping();
    }

    /** An instance's server said it is stopping: calls pass over it, and its pooled connections retire. */
    private void instanceStopping(SocketAddress address) {
        instanceSelector.markStopping(address);
        pool.retire(address);
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
        PendingCall call = new PendingCall(info, method, args, pool, resender);
        Duration timeout = info.rpcTimeout();
        if (!timeout.isZero()) {
            call.timeout(TIMER.newTimeout(t -> call.timedOut(timeout), timeout.toNanos(), TimeUnit.NANOSECONDS));
        }
        info.onCancel(call::cancel);
        whenResolved(() -> connect(call));
        return call.result;
    }

    /** Picks the instance of {@code call} with the load balancer and gets a connection to it. */
    private void connect(PendingCall call) {
        if (call.isDone()) {
            return;
        }
        Instance instance;
        try {
            instance = instanceSelector.pick(call.info, call.args, avoidFor(call.info, call.unsentTo()), call::onFinish);
        } catch (KitexException e) {
            call.fail(e);
            return;
        }
        SocketAddress address = instance.address();
        call.info.callee(call.info.callee().withAddress(address));
        pool.acquire(address).whenComplete((connection, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                if (cause instanceof ConnectFailedException) {
                    unreachable.put(address, System.nanoTime());
                }
                call.failUnsent(cause);
            } else if (call.isDone()) {
                pool.release(connection, true);
            } else {
                write(connection, call, call.payload, call.args);
            }
        });
    }

    /**
     * The instances {@code info} should not go to: those it avoids itself (where earlier attempts of
     * its call failed or wait), {@code unsentTo} (where this attempt failed before it was sent) and,
     * for {@link #UNREACHABLE_AVOID_TIME}, those a connection could not be opened to. The pick still
     * falls back to them when no other instance is left.
     */
    private Set<SocketAddress> avoidFor(RpcInfo info, Set<SocketAddress> unsentTo) {
        Set<SocketAddress> avoid = info.avoidAddresses();
        if (unreachable.isEmpty() && unsentTo.isEmpty()) {
            return avoid;
        }
        Set<SocketAddress> more = new HashSet<>(avoid);
        more.addAll(unsentTo);
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
                new MessageHeader(method.method(), type, seqId), out -> method.writeRequest(out, args),
                method.requestSize());
        } catch (RuntimeException e) {
            pool.release(connection, true);
            call.fail(e);
            return;
        }
        connection.send(call, seqId, request, oneway);
    }

    private TTHeader requestHeader(RpcInfo info, int seqId, MessageType type) {
        // Replies are matched by sequence id on every pool, so any may come out of order, and a
        // stopping server may send its crrst on an idle connection.
        TTHeader header = new TTHeader().flags(TTHeader.FLAG_SUPPORT_OUT_OF_ORDER).seqId(seqId);
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
        private int maxGrpcMessageSize = DEFAULT_MAX_GRPC_MESSAGE_SIZE;
        private Compressor grpcCompressor;
        private Executor callbackExecutor;
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

        /**
         * The framing of requests; default {@link Transport#TTHEADER_FRAMED}. {@link Transport#GRPC}
         * sends the unary calls of a Protobuf service over gRPC too. Streaming calls always go over
         * gRPC, and so do all calls of the methods a Thrift service annotates {@code streaming.mode},
         * unary ones included, whatever this is.
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
         * @throws IllegalStateException when both addresses and a resolver are set, or the transport
         *     cannot carry the service's methods
         */
        public KitexClient build() {
            if (resolver != null && !instances.isEmpty()) {
                throw new IllegalStateException("a client has either addresses or a resolver, not both");
            }
            String problem = transportProblem(transport, service);
            if (problem != null) {
                throw new IllegalStateException(problem);
            }
            return new KitexClient(this);
        }

        /**
         * Why {@code transport} cannot carry the calls of {@code service}, or {@code null} when it can:
         * gRPC carries no Thrift method without {@code streaming.mode}, and Kitex Protobuf needs a
         * framed transport.
         */
        public static String transportProblem(Transport transport, ServiceDescriptor<?> service) {
            if (transport.isGrpc() && service.payloadCodec() == PayloadCodec.THRIFT) {
                if (service.streamingMethods().isEmpty()) {
                    return "transport " + transport + " cannot carry Thrift service " + service.name()
                        + ": gRPC carries only the methods annotated streaming.mode, and it has none";
                }
                if (!service.methods().isEmpty()) {
                    return "transport " + transport + " cannot carry the methods of Thrift service " + service.name()
                        + " without streaming.mode " + methodNames(service) + "; its streaming.mode methods use gRPC"
                        + " whatever the transport, so keep TTHEADER_FRAMED, TTHEADER, FRAMED or BUFFERED";
                }
            }
            if (service.payloadCodec() == PayloadCodec.PROTOBUF && !transport.isFramed() && !transport.isGrpc()) {
                return "transport " + transport + " cannot carry Kitex Protobuf, the encoding of Protobuf service "
                    + service.fullName() + ": use TTHEADER_FRAMED, FRAMED or GRPC";
            }
            return null;
        }

        private static List<String> methodNames(ServiceDescriptor<?> service) {
            List<String> names = new ArrayList<>();
            service.methods().forEach(method -> names.add(method.name()));
            return names;
        }

        private CallPolicies policies() {
            Map<String, CallPolicy> policies = new HashMap<>();
            Set<String> names = new HashSet<>();
            service.methods().forEach(method -> names.add(method.name()));
            service.streamingMethods().forEach(method -> names.add(method.name()));
            for (String name : names) {
                policies.put(name, new CallPolicy(methodRpcTimeouts.getOrDefault(name, rpcTimeout),
                    methodRetries.containsKey(name) ? methodRetries.get(name) : retry, idempotentMethods.contains(name)));
            }
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
