package io.cloudwego.kitex.client;

import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.errors.ConnectionClosedException;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import java.net.SocketAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * The transparent retries of one call, as grpc-java's: a failure that certainly happened before any
 * byte of the request could reach a server sends the call again, on another instance when there is
 * one, at most once per other instance; it does not count against the retry budget, and a method
 * need not be idempotent for it. A call's failures are told one at a time.
 */
final class TransparentRetry {
    private volatile int resends;
    private volatile Set<SocketAddress> unsentTo = Set.of();

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

    /** Whether the call may be sent again after {@code error}, having been sent again fewer than {@code maxResends} times. */
    boolean allows(Throwable error, int maxResends) {
        return applies(error) && resends < maxResends;
    }

    /** The call is sent again after failing unsent at {@code at} ({@code null} when no instance was chosen). */
    void resending(SocketAddress at) {
        resends++;
        if (at != null) {
            Set<SocketAddress> more = new HashSet<>(unsentTo);
            more.add(at);
            unsentTo = Set.copyOf(more);
        }
    }

    /** The instances where the call failed without reaching them, for its next pick to pass over. */
    Set<SocketAddress> unsentTo() {
        return unsentTo;
    }
}
