package io.cloudwego.kitex.serviceinfo;

import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.cloudwego.kitex.streaming.StreamObserver;
import java.util.Objects;

/**
 * One method whose request and response are each a single message, of any {@link MethodKind},
 * {@link MethodKind#UNARY} included: its names, its kind, the codecs of its request and response
 * messages, and the adapter that calls an implementation. Kitex calls these streaming methods:
 * every {@code rpc} of a {@code .proto} service is one (served over Kitex Protobuf when unary, and
 * over gRPC), and so is a Thrift method annotated {@code streaming.mode} (served over gRPC only).
 * Thrift methods without it have a {@link MethodDescriptor}. Generated code makes the descriptors.
 *
 * <p>Each kind has its own adapter, matching the generated interface's method:
 * <ul>
 *   <li>{@link MethodKind#UNARY}: {@link MethodDescriptor.Invoker}, the one Thrift methods use;</li>
 *   <li>{@link MethodKind#SERVER_STREAMING}: {@link ServerStreamingInvoker};</li>
 *   <li>{@link MethodKind#CLIENT_STREAMING} and {@link MethodKind#BIDI_STREAMING}: {@link StreamingInvoker}.</li>
 * </ul>
 *
 * @param <S> the service interface
 * @param <Req> the request message type
 * @param <Resp> the response message type
 */
public final class StreamingMethodDescriptor<S, Req, Resp> {

    /** Calls the implementation of a server-streaming method. */
    @FunctionalInterface
    public interface ServerStreamingInvoker<S, Req, Resp> {
        /**
         * Runs the method with the request; it sends its responses to {@code responseObserver}, during
         * this call or later. An exception it throws ends the call as {@code onError} would.
         */
        void invoke(S service, Req request, StreamObserver<Resp> responseObserver) throws Exception;
    }

    /** Calls the implementation of a client-streaming or bidirectional streaming method. */
    @FunctionalInterface
    public interface StreamingInvoker<S, Req, Resp> {
        /**
         * Starts the method: it returns the observer that receives the requests, and sends its
         * responses to {@code responseObserver}. An exception it throws ends the call as {@code onError}
         * would.
         */
        StreamObserver<Req> invoke(S service, StreamObserver<Resp> responseObserver) throws Exception;
    }

    private final String fullName;
    private final String serviceFullName;
    private final String name;
    private final MethodKind kind;
    private final MessageCodec<Req> requestCodec;
    private final MessageCodec<Resp> responseCodec;
    private final Object invoker;

    private StreamingMethodDescriptor(String fullName, MethodKind kind, MessageCodec<Req> requestCodec,
                                     MessageCodec<Resp> responseCodec, Object invoker) {
        this.fullName = Objects.requireNonNull(fullName, "fullName");
        int slash = fullName.indexOf('/');
        if (slash <= 0 || slash == fullName.length() - 1 || fullName.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("a full method name is package.Service/Method, not " + fullName);
        }
        this.serviceFullName = fullName.substring(0, slash);
        this.name = fullName.substring(slash + 1);
        this.kind = kind;
        this.requestCodec = Objects.requireNonNull(requestCodec, "requestCodec");
        this.responseCodec = Objects.requireNonNull(responseCodec, "responseCodec");
        this.invoker = Objects.requireNonNull(invoker, "invoker");
    }

    /**
     * A unary method.
     *
     * @param fullName {@code package.Service/Method}, as in the {@code .proto} file
     */
    public static <S, Req, Resp> StreamingMethodDescriptor<S, Req, Resp> unary(
        String fullName, MessageCodec<Req> requestCodec, MessageCodec<Resp> responseCodec,
        MethodDescriptor.Invoker<S, Req, Resp> invoker) {
        return new StreamingMethodDescriptor<>(fullName, MethodKind.UNARY, requestCodec, responseCodec, invoker);
    }

    /**
     * A server-streaming method: {@code rpc M(Req) returns (stream Resp)}.
     *
     * @param fullName {@code package.Service/Method}, as in the {@code .proto} file
     */
    public static <S, Req, Resp> StreamingMethodDescriptor<S, Req, Resp> serverStreaming(
        String fullName, MessageCodec<Req> requestCodec, MessageCodec<Resp> responseCodec,
        ServerStreamingInvoker<S, Req, Resp> invoker) {
        return new StreamingMethodDescriptor<>(fullName, MethodKind.SERVER_STREAMING, requestCodec, responseCodec,
            invoker);
    }

    /**
     * A client-streaming method: {@code rpc M(stream Req) returns (Resp)}.
     *
     * @param fullName {@code package.Service/Method}, as in the {@code .proto} file
     */
    public static <S, Req, Resp> StreamingMethodDescriptor<S, Req, Resp> clientStreaming(
        String fullName, MessageCodec<Req> requestCodec, MessageCodec<Resp> responseCodec,
        StreamingInvoker<S, Req, Resp> invoker) {
        return new StreamingMethodDescriptor<>(fullName, MethodKind.CLIENT_STREAMING, requestCodec, responseCodec,
            invoker);
    }

    /**
     * A bidirectional streaming method: {@code rpc M(stream Req) returns (stream Resp)}.
     *
     * @param fullName {@code package.Service/Method}, as in the {@code .proto} file
     */
    public static <S, Req, Resp> StreamingMethodDescriptor<S, Req, Resp> bidiStreaming(
        String fullName, MessageCodec<Req> requestCodec, MessageCodec<Resp> responseCodec,
        StreamingInvoker<S, Req, Resp> invoker) {
        return new StreamingMethodDescriptor<>(fullName, MethodKind.BIDI_STREAMING, requestCodec, responseCodec,
            invoker);
    }

    /** The method's name in the {@code .proto} file, which Kitex Protobuf sends as the method name. */
    public String name() {
        return name;
    }

    /** {@code package.Service/Method}: gRPC's {@code :path} without its leading {@code /}. */
    public String fullName() {
        return fullName;
    }

    /** {@code package.Service}, the service's full name. */
    public String serviceFullName() {
        return serviceFullName;
    }

    public MethodKind kind() {
        return kind;
    }

    public MessageCodec<Req> requestCodec() {
        return requestCodec;
    }

    public MessageCodec<Resp> responseCodec() {
        return responseCodec;
    }

    /**
     * The adapter of a {@link MethodKind#UNARY} method.
     *
     * @throws IllegalStateException if the method is of another kind
     */
    @SuppressWarnings("unchecked")
    public MethodDescriptor.Invoker<S, Req, Resp> unaryInvoker() {
        requireKind(MethodKind.UNARY);
        return (MethodDescriptor.Invoker<S, Req, Resp>) invoker;
    }

    /**
     * The adapter of a {@link MethodKind#SERVER_STREAMING} method.
     *
     * @throws IllegalStateException if the method is of another kind
     */
    @SuppressWarnings("unchecked")
    public ServerStreamingInvoker<S, Req, Resp> serverStreamingInvoker() {
        requireKind(MethodKind.SERVER_STREAMING);
        return (ServerStreamingInvoker<S, Req, Resp>) invoker;
    }

    /**
     * The adapter of a {@link MethodKind#CLIENT_STREAMING} or {@link MethodKind#BIDI_STREAMING} method.
     *
     * @throws IllegalStateException if the method is of another kind
     */
    @SuppressWarnings("unchecked")
    public StreamingInvoker<S, Req, Resp> streamingInvoker() {
        if (!kind.isClientStreaming()) {
            throw new IllegalStateException(fullName + " is " + kind + ", not client or bidirectional streaming");
        }
        return (StreamingInvoker<S, Req, Resp>) invoker;
    }

    private void requireKind(MethodKind expected) {
        if (kind != expected) {
            throw new IllegalStateException(fullName + " is " + kind + ", not " + expected);
        }
    }

    @Override
    public String toString() {
        return kind + " " + fullName;
    }
}
