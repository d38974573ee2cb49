package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.rpcinfo.RpcInfo;

/** The context of the observation of a call made by a client. */
public final class KitexClientObservationContext extends KitexObservationContext {

    /** Observes the call {@code rpcInfo} describes. */
    public KitexClientObservationContext(RpcInfo rpcInfo) {
        super(rpcInfo);
    }
}
