package io.cloudwego.kitex.errors;

import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.streaming.Metadata;
import java.util.Objects;

/**
 * A gRPC call ended with a status other than OK. A caller receives it with the status and trailers
 * the server sent; a handler throws it (or passes it to {@code onError}) to choose the status and
 * trailers it answers with.
 */
public final class GrpcStatusException extends KitexException {
    private static final long serialVersionUID = 1L;

    private final transient GrpcStatus status;
    private final transient Metadata trailers;
    private final boolean mayHaveReachedServer;

    /** A call ending with {@code status} and no trailers. */
    public GrpcStatusException(GrpcStatus status) {
        this(status, new Metadata(), null);
    }

    /** A call ending with {@code status} and {@code trailers}. */
    public GrpcStatusException(GrpcStatus status, Metadata trailers) {
        this(status, trailers, null);
    }

    /** A call ending with {@code status} and {@code trailers}, because of {@code cause}. */
    public GrpcStatusException(GrpcStatus status, Metadata trailers, Throwable cause) {
        this(status, trailers, cause, true);
    }

    /**
     * As {@link #GrpcStatusException(GrpcStatus, Metadata, Throwable)}, saying whether the request
     * may have reached the server (a client that never sent it says {@code false}).
     */
    public GrpcStatusException(GrpcStatus status, Metadata trailers, Throwable cause, boolean mayHaveReachedServer) {
        super("grpc status " + status, cause);
        this.status = Objects.requireNonNull(status, "status");
        if (status.isOk()) {
            throw new IllegalArgumentException("a GrpcStatusException needs a status other than OK");
        }
        this.trailers = trailers == null ? new Metadata() : trailers;
        this.mayHaveReachedServer = mayHaveReachedServer;
    }

    /** A call ending with {@code code} described by {@code description}. */
    public static GrpcStatusException of(GrpcStatus.Code code, String description) {
        return new GrpcStatusException(GrpcStatus.of(code, description));
    }

    public GrpcStatus status() {
        return status;
    }

    /** Shortcut for {@code status().code()}. */
    public GrpcStatus.Code code() {
        return status.code();
    }

    /** The trailers sent or received with the status (never {@code null}). */
    public Metadata trailers() {
        return trailers;
    }

    @Override
    public boolean mayHaveReachedServer() {
        return mayHaveReachedServer;
    }
}
