package io.cloudwego.kitex.samples.echo;

import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.util.concurrent.CompletableFuture;

/**
 * {@code service EchoService} of echo.thrift. Written by hand in the shape kitex-codegen generates,
 * until code generation lands.
 */
public interface EchoService {

    /** The IDL name, methods and codecs of the service. */
    ServiceDescriptor<EchoService> DESCRIPTOR = EchoServiceDescriptor.create();

    EchoResponse echo(EchoRequest req);

    /** Oneway: the caller does not wait, and the server answers nothing. */
    void fire(EchoRequest req);

    /** The asynchronous form of the service, for callers and for non-blocking implementations. */
    interface Async {
        CompletableFuture<EchoResponse> echo(EchoRequest req);

        CompletableFuture<Void> fire(EchoRequest req);
    }
}
