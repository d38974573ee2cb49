package io.cloudwego.kitex.client;

import io.cloudwego.kitex.rpcinfo.RpcInfo;

/**
 * What a call of a method returns when it fails (an error, a timeout, an open circuit, or an
 * exception the IDL declares), in place of the error, as Kitex's {@code client.WithFallback}. It
 * runs once the call has no attempt left, on the thread that saw the failure.
 */
@FunctionalInterface
public interface Fallback<A, T> {

    /**
     * The result to return for the call {@code info} of {@code args} that failed with {@code error};
     * throws (for instance {@code error} itself, when unchecked) to fail the call instead.
     */
    T apply(RpcInfo info, A args, Throwable error);
}
