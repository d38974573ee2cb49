package io.cloudwego.kitex.spring.boot.autoconfigure.greeter;

import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.util.concurrent.CompletableFuture;

/**
 * {@code service Greeter { string greet(1: string name) }}, written by hand in the shape generated
 * code has: a {@code DESCRIPTOR}, a nested {@code Async} interface with a {@code DESCRIPTOR} of its own, and a
 * {@link GreeterServiceClient}.
 */
public interface GreeterService {

    ServiceDescriptor<GreeterService> DESCRIPTOR = GreeterServiceDescriptor.create();

    /** Greets {@code name}; an empty name is answered with biz status {@value GreeterServiceImpl#EMPTY_NAME_STATUS}. */
    String greet(String name);

    interface Async {
        ServiceDescriptor<Async> DESCRIPTOR = GreeterServiceDescriptor.createAsync();

        CompletableFuture<String> greet(String name);
    }
}
