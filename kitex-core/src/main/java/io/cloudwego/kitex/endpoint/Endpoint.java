package io.cloudwego.kitex.endpoint;

import io.cloudwego.kitex.rpcinfo.RpcInfo;
import java.util.concurrent.CompletableFuture;

/**
 * One step of a call: takes the request (an args struct) and completes with the response (a result
 * struct). The client's last endpoint sends the request over the network; the server's last endpoint
 * runs the handler.
 */
@FunctionalInterface
public interface Endpoint {

    /** Handles the call described by {@code info}. */
    CompletableFuture<Object> call(RpcInfo info, Object request);
}
