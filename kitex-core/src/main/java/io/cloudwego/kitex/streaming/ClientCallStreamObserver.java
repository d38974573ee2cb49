package io.cloudwego.kitex.streaming;

/**
 * The request side of a call as its caller sees it: sending requests with flow control and
 * per-message compression, and cancelling the call. A caller gets it from
 * {@link ClientResponseObserver#beforeStart}; for client and bidirectional streaming calls it is
 * also the observer the call returns.
 *
 * @param <Req> the request message type
 */
public interface ClientCallStreamObserver<Req> extends CallStreamObserver<Req> {

    /**
     * Cancels the call: the server sees it cancelled, and the response observer gets
     * {@link StreamObserver#onError} if it has not ended yet. Cancelling an ended call does nothing.
     *
     * @param message why, for the error and the logs; may be {@code null} if {@code cause} is not
     * @param cause what made the caller cancel; may be {@code null} if {@code message} is not
     */
    void cancel(String message, Throwable cause);

    /**
     * Whether the request messages sent from now on are compressed with the call's request
     * compression ({@code CallOptions.withCompression} or the client's {@code grpcCompression};
     * default {@code true}); turn it off and on per message. Without a request compression it has no
     * effect.
     */
    void messageCompression(boolean enabled);
}
