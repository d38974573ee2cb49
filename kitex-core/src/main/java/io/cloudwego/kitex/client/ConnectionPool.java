package io.cloudwego.kitex.client;

import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/** Hands out connections to instances and takes them back after each call. */
interface ConnectionPool extends AutoCloseable {

    /** A connection to {@code address}, opened if needed. */
    CompletableFuture<ClientConnection> acquire(SocketAddress address);

    /**
     * Takes back a connection after a call finished on it.
     *
     * @param reusable whether the call left the connection fit for another call
     */
    void release(ClientConnection connection, boolean reusable);

    /**
     * Retires every connection to {@code address}, whose server is stopping: no new calls go on them,
     * and each closes once its calls finish.
     */
    void retire(SocketAddress address);

    /** Closes every connection. */
    @Override
    void close();
}
