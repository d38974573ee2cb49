package io.cloudwego.kitex.spring.boot.autoconfigure.micrometer;

import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.micrometer.observation.Observation;

/** The context of the observation of one Kitex call: its {@link RpcInfo}, and whether it has ended. */
public abstract class KitexObservationContext extends Observation.Context {
    private final RpcInfo rpcInfo;
    private volatile boolean ended;

    KitexObservationContext(RpcInfo rpcInfo) {
        this.rpcInfo = rpcInfo;
    }

    /** The call observed. */
    public RpcInfo getRpcInfo() {
        return rpcInfo;
    }

    /** Whether the call has ended, with a result or an error ({@link #getError()}). */
    public boolean isEnded() {
        return ended;
    }

    void markEnded() {
        ended = true;
    }
}
