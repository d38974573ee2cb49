package io.cloudwego.kitex.spring.boot.autoconfigure.echo;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.streaming.StreamObserver;

/** Echoes; {@code "fail"} throws, which the caller gets as an application exception. */
public class EchoServiceImpl implements EchoService {

    @Override
    public StringValue echo(StringValue request) {
        if (request.getValue().equals("fail")) {
            throw new IllegalArgumentException("asked to fail");
        }
        return request;
    }

    @Override
    public void watch(StringValue request, StreamObserver<StringValue> responseObserver) {
        responseObserver.onNext(request);
        responseObserver.onCompleted();
    }
}
