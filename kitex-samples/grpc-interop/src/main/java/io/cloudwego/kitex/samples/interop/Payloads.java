package io.cloudwego.kitex.samples.interop;

import com.google.protobuf.ByteString;
import io.grpc.testing.integration.Messages.Payload;
import io.grpc.testing.integration.Messages.PayloadType;

/** The payloads of the interop cases: {@code size} zero bytes, of type COMPRESSABLE. */
public final class Payloads {

    private Payloads() {
    }

    /** A payload of {@code size} zero bytes. */
    public static Payload zeros(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("a payload size cannot be negative: " + size);
        }
        return Payload.newBuilder().setType(PayloadType.COMPRESSABLE)
            .setBody(size == 0 ? ByteString.EMPTY : ByteString.copyFrom(new byte[size])).build();
    }
}
