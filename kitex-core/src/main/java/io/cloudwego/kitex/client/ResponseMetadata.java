package io.cloudwego.kitex.client;

import io.cloudwego.kitex.streaming.Metadata;

/**
 * The headers and trailers a gRPC call received, filled in as they arrive: pass one in
 * {@link CallOptions#withResponseMetadata} and read it once the call has ended (or, for headers,
 * once the first response arrived). A holder serves one call.
 */
public final class ResponseMetadata {
    private volatile Metadata headers;
    private volatile Metadata trailers;

    /** The response headers' metadata, or {@code null} until they arrive (and if they never do). */
    public Metadata headers() {
        return headers;
    }

    /**
     * The trailers' metadata (for a failed call also in {@link io.cloudwego.kitex.errors.GrpcStatusException#trailers()}),
     * or {@code null} until the call ends with trailers from the server.
     */
    public Metadata trailers() {
        return trailers;
    }

    void headers(Metadata headers) {
        this.headers = headers;
    }

    void trailers(Metadata trailers) {
        this.trailers = trailers;
    }
}
