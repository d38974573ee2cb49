package io.cloudwego.kitex.samples.echo;

import io.cloudwego.kitex.client.KitexClient;
import java.util.concurrent.CompletableFuture;

/** Calls EchoService through a {@link KitexClient}, blocking or asynchronously ({@link #async()}). */
public final class EchoServiceClient implements EchoService, AutoCloseable {
    private final KitexClient client;
    private final EchoService.Async async;

    public EchoServiceClient(KitexClient client) {
        this.client = client;
        this.async = new EchoService.Async() {
            @Override
            public CompletableFuture<EchoResponse> echo(EchoRequest req) {
                return client.call(EchoServiceDescriptor.ECHO, req);
            }

            @Override
            public CompletableFuture<Void> fire(EchoRequest req) {
                return client.call(EchoServiceDescriptor.FIRE, req);
            }
        };
    }

    /** A builder of a client of the service named {@code serviceName}. */
    public static KitexClient.Builder builder(String serviceName) {
        return KitexClient.builder(serviceName, DESCRIPTOR);
    }

    @Override
    public EchoResponse echo(EchoRequest req) {
        return client.callBlocking(EchoServiceDescriptor.ECHO, req);
    }

    @Override
    public void fire(EchoRequest req) {
        client.callBlocking(EchoServiceDescriptor.FIRE, req);
    }

    /** The asynchronous form of this client. */
    public EchoService.Async async() {
        return async;
    }

    /** The client underneath. */
    public KitexClient kitexClient() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
