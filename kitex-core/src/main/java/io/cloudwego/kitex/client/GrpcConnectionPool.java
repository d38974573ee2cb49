package io.cloudwego.kitex.client;

import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gRPC client's HTTP/2 connections, a few per instance, each carrying many calls as streams. A
 * call takes a stream slot of a connection that has one; when every connection of an instance is
 * at the server's SETTINGS_MAX_CONCURRENT_STREAMS, or going away, another connection opens.
 */
final class GrpcConnectionPool implements AutoCloseable {
    private final Connector connector;
    private final int connectionsPerAddress;
    private final Map<SocketAddress, Connections> byAddress = new ConcurrentHashMap<>();
    /** Every open connection, those going away included, to close with the client. */
    private final Set<GrpcConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    GrpcConnectionPool(Connector connector, int connectionsPerAddress) {
        this.connector = connector;
        this.connectionsPerAddress = connectionsPerAddress;
    }

    /** The connections to one instance: open ones, and ones being opened. */
    private static final class Connections {
        final List<CompletableFuture<GrpcConnection>> all = new ArrayList<>();
        int next;
    }

    /**
     * A connection to {@code address} with a stream slot reserved for one call (see
     * {@link GrpcConnection#tryReserveStream()}); fails with
     * {@link io.cloudwego.kitex.errors.ConnectFailedException} when no connection could be opened.
     */
    CompletableFuture<GrpcConnection> acquire(SocketAddress address) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("client is closed"));
        }
        Connections connections = byAddress.computeIfAbsent(address, a -> new Connections());
        CompletableFuture<GrpcConnection> waitFor;
        synchronized (connections) {
            connections.all.removeIf(c -> c.isCompletedExceptionally() || c.isDone() && !c.join().isUsable());
            int size = connections.all.size();
            CompletableFuture<GrpcConnection> opening = null;
            for (int i = 0; i < size; i++) {
                CompletableFuture<GrpcConnection> candidate = connections.all.get(Math.floorMod(connections.next + i, size));
                if (!candidate.isDone()) {
                    opening = candidate;
                } else if (candidate.join().tryReserveStream()) {
                    connections.next = Math.floorMod(connections.next + i + 1, size);
                    return CompletableFuture.completedFuture(candidate.join());
                }
            }
            if (opening != null && size >= connectionsPerAddress) {
                waitFor = opening;
            } else {
                waitFor = open(address);
                connections.all.add(waitFor);
            }
        }
        return waitFor.thenCompose(connection -> connection.tryReserveStream()
            ? CompletableFuture.completedFuture(connection) : acquire(address));
    }

    private CompletableFuture<GrpcConnection> open(SocketAddress address) {
        return connector.connect(address, (Channel ch) -> {
            GrpcConnection connection = GrpcConnection.create(address);
            ch.pipeline().addLast("kitex-grpc-client", connection);
            open.add(connection);
            ch.closeFuture().addListener(f -> open.remove(connection));
            return connection;
        }).thenCompose(connection -> connection.ready(connector.connectTimeout().toMillis()))
            .handle((connection, error) -> {
                if (error != null) {
                    throw error instanceof CompletionException ? (CompletionException) error : new CompletionException(error);
                }
                if (closed) {
                    connection.close();
                    throw new CompletionException(new IllegalStateException("client is closed"));
                }
                return connection;
            });
    }

    /** Closes every connection; their calls fail. */
    @Override
    public void close() {
        closed = true;
        for (Connections connections : byAddress.values()) {
            synchronized (connections) {
                for (CompletableFuture<GrpcConnection> connection : connections.all) {
                    connection.thenAccept(GrpcConnection::close);
                }
                connections.all.clear();
            }
        }
        open.forEach(GrpcConnection::close);
    }
}
