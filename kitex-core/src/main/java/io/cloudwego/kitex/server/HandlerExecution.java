package io.cloudwego.kitex.server;

/** Where the handlers of a service run. */
public enum HandlerExecution {
    /** On the server's handler executor: handlers may block. */
    EXECUTOR,
    /**
     * On the connection's I/O thread, with no hand-off: for handlers that never block (they return
     * at once, or complete their future from elsewhere). A blocking handler here stalls every
     * connection of that thread.
     */
    EVENT_LOOP
}
