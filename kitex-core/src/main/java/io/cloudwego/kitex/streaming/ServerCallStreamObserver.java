package io.cloudwego.kitex.streaming;

/**
 * The response side of a call as its handler sees it: sending responses with flow control, and
 * learning that the caller cancelled. The runtime passes one to every streaming handler as its
 * response observer; the handler casts to reach these methods.
 *
 * @param <Resp> the response message type
 */
public interface ServerCallStreamObserver<Resp> extends CallStreamObserver<Resp> {

    /**
     * Whether the call was cancelled (by the caller, a deadline or a broken connection); responses
     * sent after that are dropped.
     */
    boolean isCancelled();

    /**
     * Sets the handler run once if the call is cancelled before it completes normally. Set it before
     * the handler method returns.
     */
    void setOnCancelHandler(Runnable onCancelHandler);
}
