package io.cloudwego.kitex.server;

import io.cloudwego.kitex.streaming.Metadata;
import java.net.SocketAddress;

/**
 * A gRPC call as its handler sees it: the request's metadata and whether its messages arrived
 * compressed, and the metadata and compression of the response. {@link #current()} gives it while
 * the handler method runs (and in the callbacks of the request observer of a streaming method); a
 * streaming handler may keep it to use later.
 *
 * <pre>{@code
 * GrpcServerCall call = GrpcServerCall.current();
 * String user = call.requestHeaders().get("x-user");
 * call.responseHeaders().put("x-served-by", "kitex-java");
 * call.responseTrailers().putBinary("trace-bin", traceBytes);
 * call.responseCompression("gzip");
 * boolean gzipped = call.requestMessageCompressed();
 * }</pre>
 */
public interface GrpcServerCall {

    /**
     * The gRPC call handled on this thread, or {@code null} outside of a gRPC handler.
     */
    static GrpcServerCall current() {
        return GrpcServerStream.current();
    }

    /** {@code package.Service/Method}: the request's {@code :path} without its leading {@code /}. */
    String fullMethodName();

    /** The caller's address. */
    SocketAddress remoteAddress();

    /** The application metadata the caller sent with the request (protocol headers left out). */
    Metadata requestHeaders();

    /**
     * Whether the request message being handled arrived compressed (its gRPC message prefix flagged
     * it so; the handler always gets it decompressed). For a unary or server-streaming method, the
     * one request message; in the request observer's {@code onNext} of a client- or bidi-streaming
     * method, the message being delivered. {@code false} before any request message was delivered.
     */
    boolean requestMessageCompressed();

    /**
     * The metadata sent in the response headers; add to it until the first response message, an
     * error or completion sends them. Later changes are ignored.
     */
    Metadata responseHeaders();

    /** The metadata sent in the trailers with the final status; add to it until the call ends. */
    Metadata responseTrailers();

    /**
     * Compresses response messages with {@code encoding} ({@code gzip} or {@code identity}) from
     * now on, if the client accepts it ({@code grpc-accept-encoding}; otherwise responses stay
     * uncompressed); call it before the response headers are sent. Default: no compression.
     *
     * @throws IllegalArgumentException for an encoding the server does not have
     * @throws IllegalStateException once the response headers are sent
     */
    void responseCompression(String encoding);

    /**
     * Whether the response messages sent from now on are compressed with the response compression
     * (default {@code true}); turn it off and on per message. Without a response compression it has
     * no effect.
     */
    void messageCompression(boolean enabled);

    /** Whether the call was cancelled: by the caller, its deadline, or a broken connection. */
    boolean isCancelled();
}
