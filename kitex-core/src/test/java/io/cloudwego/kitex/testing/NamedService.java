package io.cloudwego.kitex.testing;

import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.util.concurrent.CompletableFuture;

/**
 * {@code service Named { string name() }}: answers with a name, so that a test sees which of several
 * servers a call reached. Its args are {@link PingService#EMPTY_ARGS}: call it with {@code ""}.
 */
@FunctionalInterface
public interface NamedService {

    /** The name this implementation answers with; may wait, to keep a call in flight. */
    String name() throws InterruptedException;

    MethodDescriptor<NamedService, String, String> NAME = MethodDescriptor.of("name", PingService.EMPTY_ARGS,
        new StringResult("name"), (service, args) -> CompletableFuture.completedFuture(service.name()));

    ServiceDescriptor<NamedService> DESCRIPTOR = ServiceDescriptor.of("Named", NamedService.class, NAME);
}
