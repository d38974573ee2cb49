package io.cloudwego.kitex.rpcinfo;

import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything known about one call, on the client or the server: who calls whom, which method, with
 * what settings and timings. Middleware and handlers read it; {@link #current()} gives the one of
 * the call being handled on this thread.
 */
public final class RpcInfo {
    private static final ThreadLocal<RpcInfo> CURRENT = new ThreadLocal<>();

    private final EndpointInfo caller;
    private volatile EndpointInfo callee;
    private final String idlServiceName;
    private final String method;
    private final MethodKind methodKind;
    private final Object methodDescriptor;
    private final Transport transport;
    private final Duration rpcTimeout;
    private final long deadlineNanos;
    private volatile Metainfo metainfo;
    private final RpcStats stats = new RpcStats();
    private final int attempt;
    private volatile int seqId;
    private volatile Set<SocketAddress> avoidAddresses = Set.of();
    private boolean cancelled;
    private List<Runnable> cancelListeners;

    /**
     * @param caller the calling side
     * @param callee the called side
     * @param idlServiceName the IDL service name of the method
     * @param method the name of the method called, as in the IDL
     * @param methodKind how many messages the method exchanges each way
     * @param methodDescriptor the method's descriptor: a {@link io.cloudwego.kitex.serviceinfo.MethodDescriptor}
     *     or a {@link io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor}
     * @param transport the framing used
     * @param rpcTimeout the time the call may take, or {@link Duration#ZERO} for none
     * @param metainfo the metainfo carried with the call
     */
    public RpcInfo(EndpointInfo caller, EndpointInfo callee, String idlServiceName, String method,
                   MethodKind methodKind, Object methodDescriptor, Transport transport, Duration rpcTimeout,
                   Metainfo metainfo) {
        this(caller, callee, idlServiceName, method, methodKind, methodDescriptor, transport, rpcTimeout, metainfo, 0);
    }

    private RpcInfo(EndpointInfo caller, EndpointInfo callee, String idlServiceName, String method,
                    MethodKind methodKind, Object methodDescriptor, Transport transport, Duration rpcTimeout,
                    Metainfo metainfo, int attempt) {
        this.caller = caller;
        this.callee = callee;
        this.idlServiceName = idlServiceName;
        this.method = Objects.requireNonNull(method, "method");
        this.methodKind = Objects.requireNonNull(methodKind, "methodKind");
        this.methodDescriptor = Objects.requireNonNull(methodDescriptor, "methodDescriptor");
        this.transport = transport;
        this.rpcTimeout = rpcTimeout;
        this.deadlineNanos = rpcTimeout.isZero() ? 0 : stats.startNanos() + rpcTimeout.toNanos();
        this.metainfo = metainfo;
        this.attempt = attempt;
    }

    /**
     * The info of another attempt of this call (a retry or a backup request), as Kitex copies its
     * RPCInfo per attempt: the same caller, callee service, method and transport, with fresh timings,
     * no instance chosen yet, and {@code rpcTimeout} and {@code metainfo} of its own.
     *
     * @param attempt the attempt's number: 1 for the first retry or backup request
     */
    public RpcInfo nextAttempt(int attempt, Duration rpcTimeout, Metainfo metainfo) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
        }
        return new RpcInfo(caller, callee.withAddress(null), idlServiceName, method, methodKind, methodDescriptor,
            transport, rpcTimeout, metainfo, attempt);
    }

    /** The call handled on this thread, or {@code null} outside of a handler. */
    public static RpcInfo current() {
        return CURRENT.get();
    }

    /** Makes {@code info} the current call on this thread until the returned scope closes. */
    public static Scope makeCurrent(RpcInfo info) {
        RpcInfo previous = CURRENT.get();
        CURRENT.set(info);
        return () -> CURRENT.set(previous);
    }

    /** A section of code during which a value is current on this thread. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    public EndpointInfo caller() {
        return caller;
    }

    public EndpointInfo callee() {
        return callee;
    }

    /** Sets the callee once its instance is chosen. */
    public void callee(EndpointInfo callee) {
        this.callee = callee;
    }

    public String idlServiceName() {
        return idlServiceName;
    }

    /** The name of the method called, as in the IDL. */
    public String method() {
        return method;
    }

    /** How many messages the method exchanges each way: unary, oneway or a streaming kind. */
    public MethodKind methodKind() {
        return methodKind;
    }

    /**
     * The generated descriptor of the method, with its codecs: a
     * {@link io.cloudwego.kitex.serviceinfo.MethodDescriptor} for a Thrift method, a
     * {@link io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor} for a Protobuf one.
     */
    public Object methodDescriptor() {
        return methodDescriptor;
    }

    public Transport transport() {
        return transport;
    }

    /** The time the call may take, or {@link Duration#ZERO} when it has no timeout. */
    public Duration rpcTimeout() {
        return rpcTimeout;
    }

    /**
     * The time left before the call's deadline, {@link Duration#ZERO} when it has passed, or
     * {@code null} when the call has no deadline.
     */
    public Duration remainingTime() {
        if (deadlineNanos == 0) {
            return null;
        }
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    public Metainfo metainfo() {
        return metainfo;
    }

    /**
     * Replaces the metainfo the call carries. Client middleware adds values to a request this way
     * before it is written, as Kitex middleware does with its context:
     * {@code info.metainfo(info.metainfo().withTransient(key, value))}.
     */
    public void metainfo(Metainfo metainfo) {
        this.metainfo = Objects.requireNonNull(metainfo, "metainfo");
    }

    /**
     * The number of attempts of this call made before this one: 0 for the first, {@code n} for the
     * {@code n}-th retry or backup request (gRPC's {@code grpc-previous-rpc-attempts}).
     */
    public int attempt() {
        return attempt;
    }

    /**
     * Abandons this call, as when another attempt of it has answered first: its reply, if one
     * comes, is discarded and what it holds (its place on a connection, its timer) is released.
     * The server may still run the request. Does nothing once the call has completed.
     */
    public void cancel() {
        List<Runnable> listeners;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            listeners = cancelListeners;
            cancelListeners = null;
        }
        if (listeners != null) {
            listeners.forEach(Runnable::run);
        }
    }

    /** Whether {@link #cancel()} was called. */
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code listener} when the call is {@linkplain #cancel() cancelled}; at once if it already is. */
    public void onCancel(Runnable listener) {
        synchronized (this) {
            if (!cancelled) {
                if (cancelListeners == null) {
                    cancelListeners = new ArrayList<>(1);
                }
                cancelListeners.add(listener);
                return;
            }
        }
        listener.run();
    }

    public RpcStats stats() {
        return stats;
    }

    /** The sequence id of the request on the wire (0 before it is sent; the stream id for gRPC). */
    public int seqId() {
        return seqId;
    }

    public void seqId(int seqId) {
        this.seqId = seqId;
    }

    /**
     * Instances this call should not go to, by address: the load balancer picks among the others,
     * and falls back to these only when no other instance is left. Empty unless middleware sets it;
     * a retry sets the addresses its earlier attempts went to, before each attempt.
     */
    public Set<SocketAddress> avoidAddresses() {
        return avoidAddresses;
    }

    /** Sets the {@link #avoidAddresses() instances this call should not go to}. */
    public void avoidAddresses(Set<? extends SocketAddress> avoidAddresses) {
        this.avoidAddresses = Set.copyOf(avoidAddresses);
    }

    @Override
    public String toString() {
        return "RpcInfo{" + caller.serviceName() + " -> " + callee.serviceName() + "/" + method
            + " via " + transport + (callee.address() == null ? "" : " at " + callee.address()) + '}';
    }
}
