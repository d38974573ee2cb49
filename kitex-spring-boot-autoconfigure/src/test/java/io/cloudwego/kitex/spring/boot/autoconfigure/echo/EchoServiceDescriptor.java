package io.cloudwego.kitex.spring.boot.autoconfigure.echo;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import java.util.concurrent.CompletableFuture;

/** The method descriptors of EchoService, blocking and asynchronous. */
final class EchoServiceDescriptor {
    private EchoServiceDescriptor() {
    }

    static final MessageCodec<StringValue> TEXT = MessageCodec.of(StringValue.parser());

    static final StreamingMethodDescriptor<EchoService, StringValue, StringValue> ECHO = StreamingMethodDescriptor.unary(
        "kitex.test.EchoService/Echo", TEXT, TEXT,
        (service, request) -> CompletableFuture.completedFuture(service.echo(request)));
    static final StreamingMethodDescriptor<EchoService, StringValue, StringValue> WATCH =
        StreamingMethodDescriptor.serverStreaming("kitex.test.EchoService/Watch", TEXT, TEXT, EchoService::watch);

    static ServiceDescriptor<EchoService> create() {
        return ServiceDescriptor.protobuf("kitex.test.EchoService", EchoService.class, ECHO, WATCH);
    }

    static ServiceDescriptor<EchoService.Async> createAsync() {
        return ServiceDescriptor.protobuf("kitex.test.EchoService", EchoService.Async.class,
            StreamingMethodDescriptor.<EchoService.Async, StringValue, StringValue>unary(
                "kitex.test.EchoService/Echo", TEXT, TEXT, EchoService.Async::echo),
            StreamingMethodDescriptor.<EchoService.Async, StringValue, StringValue>serverStreaming(
                "kitex.test.EchoService/Watch", TEXT, TEXT, EchoService.Async::watch));
    }
}
