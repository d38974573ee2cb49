package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.rpcinfo.RpcInfo;

/**
 * What the observation contexts of Kitex calls have in common: the call observed. Both carry the
 * trace context in the call's transient metainfo ({@code RPC_TRANSIT_traceparent} on TTHeader), as
 * Kitex's OpenTelemetry extension does, so traces continue across Java and Go services.
 */
public interface KitexObservationContext {

    /** The call observed. */
    RpcInfo getRpcInfo();
}
