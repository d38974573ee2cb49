package io.cloudwego.kitex.spring.boot.autoconfigure.echo;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.streaming.StreamObserver;
import java.util.concurrent.CompletableFuture;

/**
 * {@code package kitex.test; service EchoService { rpc Echo(StringValue) returns (StringValue);
 * rpc Watch(StringValue) returns (stream StringValue); }}, written by hand in the shape kitex-codegen
 * generates for Protobuf: a {@code DESCRIPTOR}, a nested {@code Async} interface with a
 * {@code DESCRIPTOR} of its own, and an {@link EchoServiceClient}.
 */
public interface EchoService {

    ServiceDescriptor<EchoService> DESCRIPTOR = EchoServiceDescriptor.create();

    /** Answers with the request; {@code "fail"} is answered with an application exception. */
    StringValue echo(StringValue request);

    /** Server streaming: only served over gRPC. */
    void watch(StringValue request, StreamObserver<StringValue> responseObserver);

    interface Async {
        ServiceDescriptor<Async> DESCRIPTOR = EchoServiceDescriptor.createAsync();

        CompletableFuture<StringValue> echo(StringValue request);

        void watch(StringValue request, StreamObserver<StringValue> responseObserver);
    }
}
