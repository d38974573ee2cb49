package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.micrometer.observation.transport.RequestReplySenderContext;
import java.util.Objects;

/**
 * The context of the observation of a call made by a client. Trace context is written into the
 * call's transient metainfo, which the request carries (TTHeader transports only).
 */
public final class KitexClientObservationContext extends RequestReplySenderContext<RpcInfo, Object>
    implements KitexObservationContext {

    /** Observes the call {@code rpcInfo} describes. */
    public KitexClientObservationContext(RpcInfo rpcInfo) {
        super((carrier, key, value) -> {
            if (carrier != null) {
                carrier.metainfo(carrier.metainfo().withTransient(key, value));
            }
        });
        setCarrier(rpcInfo);
        setRemoteServiceName(rpcInfo.callee().serviceName());
    }

    @Override
    public RpcInfo getRpcInfo() {
        return Objects.requireNonNull(getCarrier());
    }
}
