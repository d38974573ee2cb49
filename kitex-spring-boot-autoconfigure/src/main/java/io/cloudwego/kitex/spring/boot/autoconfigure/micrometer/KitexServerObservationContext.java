package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.micrometer.observation.transport.RequestReplyReceiverContext;
import java.util.Objects;

/**
 * The context of the observation of a call handled by the server. Trace context is read from the
 * transient metainfo the caller sent.
 */
public final class KitexServerObservationContext extends RequestReplyReceiverContext<RpcInfo, Object>
    implements KitexObservationContext {

    /** Observes the call {@code rpcInfo} describes. */
    public KitexServerObservationContext(RpcInfo rpcInfo) {
        super((carrier, key) -> carrier.metainfo().transientValue(key));
        setCarrier(rpcInfo);
        String caller = rpcInfo.caller().serviceName();
        if (!caller.isEmpty()) {
            setRemoteServiceName(caller);
        }
    }

    @Override
    public RpcInfo getRpcInfo() {
        return Objects.requireNonNull(getCarrier());
    }
}
