package io.cloudwego.kitex.spring.boot.autoconfigure.echo;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.streaming.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** Calls EchoService through a {@link KitexClient}, blocking or asynchronously ({@link #async()}). */
public final class EchoServiceClient implements EchoService {
    private final KitexClient client;
    private final EchoService.Async async;

    public EchoServiceClient(KitexClient client) {
        this.client = client;
        this.async = new EchoService.Async() {
            @Override
            public CompletableFuture<StringValue> echo(StringValue request) {
                return client.call(EchoServiceDescriptor.ECHO, request);
            }

            @Override
            public void watch(StringValue request, StreamObserver<StringValue> responseObserver) {
                client.serverStreamingCall(EchoServiceDescriptor.WATCH, request, responseObserver);
            }
        };
    }

    @Override
    public StringValue echo(StringValue request) {
        return client.callBlocking(EchoServiceDescriptor.ECHO, request);
    }

    @Override
    public void watch(StringValue request, StreamObserver<StringValue> responseObserver) {
        async.watch(request, responseObserver);
    }

    public EchoService.Async async() {
        return async;
    }
}
