package io.cloudwego.kitex.streaming;

/**
 * Receives the messages of one direction of a stream: any number of {@link #onNext} calls, then
 * exactly one of {@link #onCompleted} or {@link #onError}, after which nothing more is called.
 *
 * <p>The methods of one observer are never called concurrently, and a caller of an observer must
 * not call it concurrently either.
 *
 * @param <V> the message type
 */
public interface StreamObserver<V> {

    /** Receives the next message. */
    void onNext(V value);

    /** Ends the stream with an error; no method of this observer is called after it. */
    void onError(Throwable error);

    /** Ends the stream successfully; no method of this observer is called after it. */
    void onCompleted();
}
