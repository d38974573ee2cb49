package io.cloudwego.kitex.client;

import io.cloudwego.kitex.internal.Settings;
import io.cloudwego.kitex.remote.codec.grpc.Compressor;
import io.cloudwego.kitex.streaming.Metadata;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one gRPC call, beside the client's: request metadata, request compression, a timeout,
 * and where to put the response's headers and trailers. Immutable; each {@code with} method returns
 * a copy.
 *
 * <pre>{@code
 * ResponseMetadata response = new ResponseMetadata();
 * client.call(method, request, CallOptions.DEFAULT
 *     .withHeaders(new Metadata().put("x-user", "alice"))
 *     .withCompression("gzip")
 *     .withTimeout(Duration.ofMillis(200))
 *     .withResponseMetadata(response));
 * }</pre>
 */
public final class CallOptions {
    /** No metadata, the client's compression and timeout, response metadata not kept. */
    public static final CallOptions DEFAULT = new CallOptions(null, null, null, null);

    private final Metadata headers;
    private final Compressor compression;
    private final Duration timeout;
    private final ResponseMetadata responseMetadata;

    private CallOptions(Metadata headers, Compressor compression, Duration timeout,
                        ResponseMetadata responseMetadata) {
        this.headers = headers;
        this.compression = compression;
        this.timeout = timeout;
        this.responseMetadata = responseMetadata;
    }

    /** A copy that sends {@code headers} as request metadata (copied now). */
    public CallOptions withHeaders(Metadata headers) {
        return new CallOptions(new Metadata().merge(headers), compression, timeout, responseMetadata);
    }

    /**
     * A copy that compresses request messages with {@code encoding} ({@code gzip} or {@code identity}),
     * overriding the client's {@link KitexClient.Builder#grpcCompression(String)}.
     *
     * @throws IllegalArgumentException for an encoding kitex-java does not have
     */
    public CallOptions withCompression(String encoding) {
        return new CallOptions(headers, compressor(encoding, "compression"), timeout, responseMetadata);
    }

    /**
     * A copy whose call may take at most {@code timeout} (sent as {@code grpc-timeout}), instead of
     * the client's RPC timeout; {@link Duration#ZERO} for none. The time left of the call being handled
     * on this thread still caps it.
     */
    public CallOptions withTimeout(Duration timeout) {
        return new CallOptions(headers, compression, Settings.zeroOrPositive(timeout, "timeout"), responseMetadata);
    }

    /** A copy that fills {@code holder} with the response's headers and trailers as they arrive. */
    public CallOptions withResponseMetadata(ResponseMetadata holder) {
        return new CallOptions(headers, compression, timeout, Objects.requireNonNull(holder, "holder"));
    }

    /** The request metadata, or {@code null} for none. */
    public Metadata headers() {
        return headers;
    }

    /** The compression of request messages, or {@code null} for the client's. */
    public Compressor compression() {
        return compression;
    }

    /** The call's timeout, or {@code null} for the client's. */
    public Duration timeout() {
        return timeout;
    }

    /** Where the response's headers and trailers go, or {@code null}. */
    public ResponseMetadata responseMetadata() {
        return responseMetadata;
    }

    static Compressor compressor(String encoding, String setting) {
        Compressor compressor = Compressor.forName(Objects.requireNonNull(encoding, setting));
        if (compressor == null) {
            throw new IllegalArgumentException(setting + " must be gzip or identity: " + encoding);
        }
        return compressor;
    }
}
