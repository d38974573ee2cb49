package io.cloudwego.kitex.rpcinfo;

import java.net.SocketAddress;

/**
 * One end of a call: the service and method it is, and its address when known.
 *
 * @param serviceName the service name ({@code ""} when unknown)
 * @param method the method name ({@code ""} when unknown)
 * @param address the remote or local address, or {@code null}
 */
public record EndpointInfo(String serviceName, String method, SocketAddress address) {

    public EndpointInfo {
        serviceName = serviceName == null ? "" : serviceName;
        method = method == null ? "" : method;
    }

    /** This endpoint with {@code address}. */
    public EndpointInfo withAddress(SocketAddress address) {
        return new EndpointInfo(serviceName, method, address);
    }
}
