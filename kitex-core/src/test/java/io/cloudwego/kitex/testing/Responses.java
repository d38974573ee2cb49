package io.cloudwego.kitex.testing;

import io.cloudwego.kitex.streaming.ClientCallStreamObserver;
import io.cloudwego.kitex.streaming.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the responses and the end of a call, and keeps its request side. */
public class Responses<Req, Resp> implements ClientResponseObserver<Req, Resp> {
    public final List<Resp> values = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Void> done = new CompletableFuture<>();
    public volatile ClientCallStreamObserver<Req> requestStream;

    @Override
    public void beforeStart(ClientCallStreamObserver<Req> requestStream) {
        this.requestStream = requestStream;
    }

    @Override
    public void onNext(Resp value) {
        values.add(value);
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }

    @Override
    public void onCompleted() {
        done.complete(null);
    }
}
