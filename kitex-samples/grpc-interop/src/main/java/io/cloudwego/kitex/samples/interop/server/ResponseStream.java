package io.cloudwego.kitex.samples.interop.server;

import io.cloudwego.kitex.samples.interop.Payloads;
import io.cloudwego.kitex.streaming.ServerCallStreamObserver;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.grpc.testing.integration.Messages.ResponseParameters;
import io.grpc.testing.integration.Messages.StreamingOutputCallResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The responses of one streaming call, sent in order, each after its {@code interval_us}, on the
 * sender executor rather than the thread that asked for them, so a handler's inbound callbacks
 * (a cancellation, the next request) are not held up by the waits. Stops sending once the call is
 * cancelled or has ended.
 */
final class ResponseStream {

    private final StreamObserver<StreamingOutputCallResponse> responses;
    private final Executor sender;
    private final Consumer<Boolean> compression;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private boolean ended;
    private volatile boolean abandoned;

    /**
     * @param compression called with each response's {@code compressed} flag right before it is
     *     sent, to switch that message's compression on or off
     */
    ResponseStream(StreamObserver<StreamingOutputCallResponse> responses, Executor sender,
                   Consumer<Boolean> compression) {
        this.responses = responses;
        this.sender = sender;
        this.compression = compression;
    }

    /** Queues one response per parameter; nothing once the call was ended. */
    synchronized void send(Iterable<ResponseParameters> parameters) {
        if (ended) {
            return;
        }
        for (ResponseParameters parameter : parameters) {
            Executor delayed = parameter.getIntervalUs() > 0
                ? CompletableFuture.delayedExecutor(parameter.getIntervalUs(), TimeUnit.MICROSECONDS, sender)
                : sender;
            tail = tail.thenRunAsync(() -> {
                if (live()) {
                    compression.accept(parameter.getCompressed().getValue());
                    responses.onNext(StreamingOutputCallResponse.newBuilder()
                        .setPayload(Payloads.zeros(parameter.getSize())).build());
                }
            }, delayed);
        }
    }

    /** Completes the call once the queued responses are sent. */
    synchronized void complete() {
        end(() -> responses.onCompleted());
    }

    /** Fails the call with {@code error} once the queued responses are sent. */
    synchronized void fail(Throwable error) {
        end(() -> responses.onError(error));
    }

    /** Sends nothing more: the peer went away. */
    void abandon() {
        abandoned = true;
    }

    private void end(Runnable last) {
        if (ended) {
            return;
        }
        ended = true;
        tail = tail.thenRunAsync(() -> {
            if (live()) {
                last.run();
            }
        }, sender);
    }

    private boolean live() {
        return !abandoned && !cancelled();
    }

    private boolean cancelled() {
        return responses instanceof ServerCallStreamObserver<?> call && call.isCancelled();
    }
}
