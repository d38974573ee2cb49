package io.cloudwego.kitex.bench.system;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import io.cloudwego.kitex.bench.load.Payloads;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.nio.charset.StandardCharsets;

/**
 * The gRPC echo of every gRPC row: unary {@code /bench.Echo/Echo}, a {@code google.protobuf.BytesValue}
 * each way, so no protoc is needed.
 */
public final class GrpcEcho {
    /** The service name. */
    public static final String SERVICE = "bench.Echo";
    /** The HTTP/2 path of the method. */
    public static final String PATH = "/" + SERVICE + "/Echo";

    /** grpc-java's descriptor of the method, with protobuf-java's marshallers. */
    public static final MethodDescriptor<BytesValue, BytesValue> METHOD = MethodDescriptor.<BytesValue, BytesValue>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Echo"))
        .setRequestMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
        .setResponseMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
        .build();

    private GrpcEcho() {
    }

    /** A request carrying {@code payloadBytes} bytes. */
    public static BytesValue request(int payloadBytes) {
        return BytesValue.newBuilder().setValue(ByteString.copyFrom(Payloads.ascii(payloadBytes), StandardCharsets.US_ASCII)).build();
    }

    /** The answer to {@code request}: its bytes. */
    public static BytesValue answer(BytesValue request) {
        return BytesValue.newBuilder().setValue(request.getValue()).build();
    }
}
