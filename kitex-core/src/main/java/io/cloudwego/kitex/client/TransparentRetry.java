package io.cloudwego.kitex.client;

import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.errors.ConnectionClosedException;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;

/**
 * Which failures a call survives without a retry policy, as grpc-java's transparent retry: those
 * that certainly happened before any byte of the request could reach a server. Such a call is sent
 * again, on another instance when there is one, at most once per other instance; it does not count
 * against the retry budget, and a method need not be idempotent for it.
 */
final class TransparentRetry {

    private TransparentRetry() {
    }

    /**
     * Whether {@code error} never left the client: a connection that could not be opened, one that
     * closed before the request was written, or a gRPC stream the server refused unseen.
     */
    static boolean applies(Throwable error) {
        if (error instanceof ConnectFailedException) {
            return true;
        }
        if (error instanceof ConnectionClosedException closed) {
            return !closed.mayHaveReachedServer();
        }
        if (error instanceof GrpcStatusException status) {
            return !status.mayHaveReachedServer() && status.code() == GrpcStatus.Code.UNAVAILABLE;
        }
        return false;
    }

    /** How many times a call to one of {@code instances} instances may be sent again: once per other instance, at least once. */
    static int maxResends(int instances) {
        return Math.max(1, instances - 1);
    }
}
