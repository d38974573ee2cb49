package io.cloudwego.kitex.serviceinfo;

/** How many messages a method exchanges in each direction. */
public enum MethodKind {
    /** One request, one response. */
    UNARY(false, false),
    /** One request and no response: the caller does not wait (Thrift {@code oneway}). */
    ONEWAY(false, false),
    /** A stream of requests, one response. */
    CLIENT_STREAMING(true, false),
    /** One request, a stream of responses. */
    SERVER_STREAMING(false, true),
    /** A stream of requests and a stream of responses, independent of each other. */
    BIDI_STREAMING(true, true);

    private final boolean clientStreaming;
    private final boolean serverStreaming;

    MethodKind(boolean clientStreaming, boolean serverStreaming) {
        this.clientStreaming = clientStreaming;
        this.serverStreaming = serverStreaming;
    }

    /** Whether the caller sends a stream of requests. */
    public boolean isClientStreaming() {
        return clientStreaming;
    }

    /** Whether the server sends a stream of responses. */
    public boolean isServerStreaming() {
        return serverStreaming;
    }

    /** Whether messages go as streams in either direction, which takes a streaming transport (gRPC). */
    public boolean isStreaming() {
        return clientStreaming || serverStreaming;
    }
}
