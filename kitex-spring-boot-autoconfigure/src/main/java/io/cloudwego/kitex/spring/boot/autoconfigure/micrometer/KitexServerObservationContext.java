package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.rpcinfo.RpcInfo;

/** The context of the observation of a call handled by the server. */
public final class KitexServerObservationContext extends KitexObservationContext {

    /** Observes the call {@code rpcInfo} describes. */
    public KitexServerObservationContext(RpcInfo rpcInfo) {
        super(rpcInfo);
    }
}
