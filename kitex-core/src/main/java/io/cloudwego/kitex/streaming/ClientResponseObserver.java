package io.cloudwego.kitex.streaming;

/**
 * A response observer that also wants the request side of its call, for flow control and
 * cancellation: pass one where a call takes a response observer, and {@link #beforeStart} receives
 * the call's {@link ClientCallStreamObserver} before anything is sent.
 *
 * @param <Req> the request message type
 * @param <Resp> the response message type
 */
public interface ClientResponseObserver<Req, Resp> extends StreamObserver<Resp> {

    /**
     * Called once, before the call starts, with its request side: the place to set an on-ready
     * handler or disable automatic requests.
     */
    void beforeStart(ClientCallStreamObserver<Req> requestStream);
}
