package io.cloudwego.kitex.spring.boot.autoconfigure.greeter;

import io.cloudwego.kitex.client.KitexClient;
import java.util.concurrent.CompletableFuture;

/** Calls Greeter through a {@link KitexClient}, blocking or asynchronously ({@link #async()}). */
public final class GreeterServiceClient implements GreeterService {
    private final KitexClient client;
    private final GreeterService.Async async;

    public GreeterServiceClient(KitexClient client) {
        this.client = client;
        this.async = new GreeterService.Async() {
            @Override
            public CompletableFuture<String> greet(String name) {
                return client.call(GreeterServiceDescriptor.GREET, name);
            }
        };
    }

    @Override
    public String greet(String name) {
        return client.callBlocking(GreeterServiceDescriptor.GREET, name);
    }

    public GreeterService.Async async() {
        return async;
    }

    public KitexClient kitexClient() {
        return client;
    }
}
