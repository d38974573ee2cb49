package io.cloudwego.kitex.errors;

import java.net.SocketAddress;

/** The client could not open a connection to the instance, within the connect timeout or at all. */
public final class ConnectFailedException extends KitexException {
    private static final long serialVersionUID = 1L;

    public ConnectFailedException(SocketAddress address, Throwable cause) {
        super("connect to " + address + " failed: " + cause.getMessage(), cause);
    }

    @Override
    public boolean mayHaveReachedServer() {
        return false;
    }
}
