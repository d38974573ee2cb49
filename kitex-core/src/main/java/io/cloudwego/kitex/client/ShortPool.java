package io.cloudwego.kitex.client;

import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/** No pooling: a new connection per call, closed when the call finishes. */
final class ShortPool implements ConnectionPool {
    private final Connector connector;

    ShortPool(Connector connector) {
        this.connector = connector;
    }

    @Override
    public CompletableFuture<ClientConnection> acquire(SocketAddress address) {
        return connector.connect(address);
    }

    @Override
    public void release(ClientConnection connection, boolean reusable) {
        connection.close();
    }

    @Override
    public void retire(SocketAddress address) {
        // Each connection carries one call and closes after it.
    }

    @Override
    public void close() {
    }
}
