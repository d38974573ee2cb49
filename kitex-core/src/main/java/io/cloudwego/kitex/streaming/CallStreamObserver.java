package io.cloudwego.kitex.streaming;

/**
 * The outbound side of a streaming call with its flow control: whether the transport can take more
 * messages now, and how many inbound messages this side is willing to receive.
 *
 * <p>Outbound: {@link #onNext} never blocks and always accepts a message; a sender that respects
 * back-pressure checks {@link #isReady()} and, when it is {@code false}, waits for the handler set
 * with {@link #setOnReadyHandler}.
 *
 * <p>Inbound: by default every inbound message is requested automatically once the previous one has
 * been delivered. After {@link #disableAutoRequest()}, inbound messages are delivered only as
 * {@link #request(int)} asks for them.
 *
 * @param <V> the type of the messages this side sends
 */
public interface CallStreamObserver<V> extends StreamObserver<V> {

    /**
     * Whether a message sent now would be written without buffering beyond the transport's flow
     * control window. Sending when it is {@code false} is allowed; the message is queued.
     */
    boolean isReady();

    /**
     * Sets the handler run each time {@link #isReady()} turns from {@code false} to {@code true}.
     * It is never run concurrently with the call's other callbacks. Set it before the call starts: on the server before the handler method returns, on
     * the client in {@link ClientResponseObserver#beforeStart}.
     */
    void setOnReadyHandler(Runnable onReadyHandler);

    /**
     * Turns off the automatic request of inbound messages: from then on, messages are delivered only
     * as {@link #request(int)} asks for them. Call it before the call starts, as for
     * {@link #setOnReadyHandler}.
     */
    void disableAutoRequest();

    /**
     * Asks for {@code count} more inbound messages, in addition to those already asked for.
     *
     * @throws IllegalArgumentException if {@code count} is not positive
     */
    void request(int count);
}
