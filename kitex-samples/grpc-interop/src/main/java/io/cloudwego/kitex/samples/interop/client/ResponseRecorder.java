package io.cloudwego.kitex.samples.interop.client;

import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.streaming.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response observer that a case reads as a queue: each response, then the end of the call (OK,
 * or the error). Waits are bounded by {@link #WAIT}, so a server that never answers fails the case
 * instead of hanging it.
 */
final class ResponseRecorder<T> implements StreamObserver<T> {

    static final Duration WAIT = Duration.ofSeconds(20);

    private static final Object COMPLETED = new Object();

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Override
    public void onNext(T value) {
        events.add(value);
    }

    @Override
    public void onError(Throwable error) {
        events.add(new Failed(error));
    }

    @Override
    public void onCompleted() {
        events.add(COMPLETED);
    }

    /** The next response; fails if the call ended instead. */
    @SuppressWarnings("unchecked")
    T next() throws InterruptedException {
        Object event = take("a response");
        if (event == COMPLETED) {
            throw new AssertionError("expected a response, the call completed");
        }
        if (event instanceof Failed failed) {
            throw new AssertionError("expected a response, the call failed: " + failed.error, failed.error);
        }
        return (T) event;
    }

    /** Every response until the call completes with OK; fails if it ends otherwise. */
    @SuppressWarnings("unchecked")
    List<T> untilCompleted() throws InterruptedException {
        List<T> responses = new ArrayList<>();
        while (true) {
            Object event = take("the end of the call");
            if (event == COMPLETED) {
                return responses;
            }
            if (event instanceof Failed failed) {
                throw new AssertionError("expected the call to complete with OK after " + responses.size()
                    + " responses, it failed: " + failed.error, failed.error);
            }
            responses.add((T) event);
        }
    }

    /** The status the call fails with, skipping responses; fails if it completes with OK. */
    GrpcStatusException failure() throws InterruptedException {
        while (true) {
            Object event = take("the call to fail");
            if (event == COMPLETED) {
                throw new AssertionError("expected the call to fail, it completed with OK");
            }
            if (event instanceof Failed failed) {
                return InteropChecks.statusOf(failed.error);
            }
        }
    }

    /** Asserts the call failed with {@code code}, whatever responses came first. */
    void expectFailure(GrpcStatus.Code code) throws InterruptedException {
        InteropChecks.checkCode(failure(), code);
    }

    private Object take(String what) throws InterruptedException {
        Object event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + " in vain");
        }
        return event;
    }

    private record Failed(Throwable error) {
    }
}
