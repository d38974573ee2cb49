package io.cloudwego.kitex.samples.interop.server;

import com.google.protobuf.ByteString;
import io.grpc.testing.integration.Messages.Payload;
import io.grpc.testing.integration.Messages.PayloadType;

/** The payloads the interop cases ask for: {@code size} zero bytes, COMPRESSABLE. */
final class Payloads {

    private Payloads() {
    }

    static Payload zeros(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("a payload size cannot be negative: " + size);
        }
        return Payload.newBuilder().setType(PayloadType.COMPRESSABLE)
            .setBody(size == 0 ? ByteString.EMPTY : ByteString.copyFrom(new byte[size])).build();
    }
}
