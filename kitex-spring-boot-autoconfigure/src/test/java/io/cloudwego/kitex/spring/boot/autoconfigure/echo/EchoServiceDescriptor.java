package io.cloudwego.kitex.spring.boot.autoconfigure.echo;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.remote.codec.protobuf.MessageCodec;
import io.cloudwego.kitex.serviceinfo.ProtobufMethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.util.concurrent.CompletableFuture;

/** The method descriptors of EchoService, blocking and asynchronous. */
final class EchoServiceDescriptor {
    private EchoServiceDescriptor() {
    }

    static final MessageCodec<StringValue> TEXT = MessageCodec.of(StringValue.parser());

    static final ProtobufMethodDescriptor<EchoService, StringValue, StringValue> ECHO = ProtobufMethodDescriptor.unary(
        "kitex.test.EchoService/Echo", TEXT, TEXT,
        (service, request) -> CompletableFuture.completedFuture(service.echo(request)));
    static final ProtobufMethodDescriptor<EchoService, StringValue, StringValue> WATCH =
        ProtobufMethodDescriptor.serverStreaming("kitex.test.EchoService/Watch", TEXT, TEXT, EchoService::watch);

    static ServiceDescriptor<EchoService> create() {
        return ServiceDescriptor.protobuf("kitex.test.EchoService", EchoService.class, ECHO, WATCH);
    }

    static ServiceDescriptor<EchoService.Async> createAsync() {
        return ServiceDescriptor.protobuf("kitex.test.EchoService", EchoService.Async.class,
            ProtobufMethodDescriptor.<EchoService.Async, StringValue, StringValue>unary(
                "kitex.test.EchoService/Echo", TEXT, TEXT, EchoService.Async::echo),
            ProtobufMethodDescriptor.<EchoService.Async, StringValue, StringValue>serverStreaming(
                "kitex.test.EchoService/Watch", TEXT, TEXT, EchoService.Async::watch));
    }
}
