package io.cloudwego.kitex.client;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** A fixed number of shared connections per instance, used in turn; each carries many calls at once. */
final class MultiplexedPool implements ConnectionPool {
    private final Connector connector;
    private final int connectionsPerAddress;
    private final Map<SocketAddress, Slots> byAddress = new ConcurrentHashMap<>();
    private volatile boolean closed;

    MultiplexedPool(Connector connector, int connectionsPerAddress) {
        this.connector = connector;
        this.connectionsPerAddress = connectionsPerAddress;
    }

    private static final class Slots {
        final AtomicReferenceArray<CompletableFuture<ClientConnection>> connections;
        final AtomicInteger next = new AtomicInteger();

        Slots(int size) {
            connections = new AtomicReferenceArray<>(size);
        }
    }

    @Override
    public CompletableFuture<ClientConnection> acquire(SocketAddress address) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("client is closed"));
        }
        Slots slots = byAddress.computeIfAbsent(address, a -> new Slots(connectionsPerAddress));
        int index = Math.floorMod(slots.next.getAndIncrement(), connectionsPerAddress);
        while (true) {
            CompletableFuture<ClientConnection> current = slots.connections.get(index);
            if (current != null && isFitOrPending(current)) {
                return current;
            }
            CompletableFuture<ClientConnection> fresh = new CompletableFuture<>();
            if (slots.connections.compareAndSet(index, current, fresh)) {
                if (current != null && !current.isCompletedExceptionally()) {
                    current.join().retire();
                }
                connector.connect(address).whenComplete((connection, error) -> {
                    if (error != null) {
                        slots.connections.compareAndSet(index, fresh, null);
                        fresh.completeExceptionally(error);
                    } else {
                        fresh.complete(connection);
                    }
                });
                return fresh;
            }
        }
    }

    private static boolean isFitOrPending(CompletableFuture<ClientConnection> connection) {
        if (!connection.isDone()) {
            return true;
        }
        return !connection.isCompletedExceptionally() && connection.join().isUsable();
    }

    @Override
    public void release(ClientConnection connection, boolean reusable) {
        if (!connection.isUsable()) {
            connection.retire();
        }
    }

    @Override
    public void retire(SocketAddress address) {
        Slots slots = byAddress.get(address);
        if (slots == null) {
            return;
        }
        for (int i = 0; i < connectionsPerAddress; i++) {
            CompletableFuture<ClientConnection> connection = slots.connections.get(i);
            if (connection != null) {
                connection.thenAccept(ClientConnection::retire);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Slots slots : byAddress.values()) {
            for (int i = 0; i < connectionsPerAddress; i++) {
                CompletableFuture<ClientConnection> connection = slots.connections.getAndSet(i, null);
                if (connection != null) {
                    connection.thenAccept(ClientConnection::close);
                }
            }
        }
    }
}
