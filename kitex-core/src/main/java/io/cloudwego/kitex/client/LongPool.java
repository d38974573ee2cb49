package io.cloudwego.kitex.client;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kitex's long-connection pool: a connection carries one call at a time and goes back to the idle
 * list of its instance afterwards, to be reused while it has not sat idle too long.
 */
final class LongPool implements ConnectionPool {
    private final Connector connector;
    private final int maxIdlePerAddress;
    private final int maxIdleGlobal;
    private final long maxIdleNanos;
    private final Map<SocketAddress, Deque<ClientConnection>> idle = new ConcurrentHashMap<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile boolean closed;

    LongPool(Connector connector, int maxIdlePerAddress, int maxIdleGlobal, Duration maxIdleTime) {
        this.connector = connector;
        this.maxIdlePerAddress = maxIdlePerAddress;
        this.maxIdleGlobal = maxIdleGlobal;
        this.maxIdleNanos = maxIdleTime.toNanos();
    }

    @Override
    public CompletableFuture<ClientConnection> acquire(SocketAddress address) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("client is closed"));
        }
        Deque<ClientConnection> connections = idle.get(address);
        if (connections != null) {
            ClientConnection connection;
            while ((connection = connections.pollFirst()) != null) {
                idleCount.decrementAndGet();
                if (connection.isUsable() && System.nanoTime() - connection.lastUsedNanos() < maxIdleNanos) {
                    return CompletableFuture.completedFuture(connection);
                }
                connection.close();
            }
        }
        return connector.connect(address);
    }

    @Override
    public void release(ClientConnection connection, boolean reusable) {
        if (!reusable || closed || !connection.isUsable()) {
            connection.close();
            return;
        }
        Deque<ClientConnection> connections = idle.computeIfAbsent(connection.address(), a -> new ConcurrentLinkedDeque<>());
        if (connections.size() < maxIdlePerAddress) {
            if (idleCount.incrementAndGet() <= maxIdleGlobal) {
                connection.touch();
                connections.offerFirst(connection);
                return;
            }
            idleCount.decrementAndGet();
        }
        connection.close();
    }

    @Override
    public void retire(SocketAddress address) {
        Deque<ClientConnection> connections = idle.get(address);
        if (connections == null) {
            return;
        }
        ClientConnection connection;
        while ((connection = connections.pollFirst()) != null) {
            idleCount.decrementAndGet();
            connection.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Deque<ClientConnection> connections : idle.values()) {
            ClientConnection connection;
            while ((connection = connections.pollFirst()) != null) {
                idleCount.decrementAndGet();
                connection.close();
            }
        }
    }
}
