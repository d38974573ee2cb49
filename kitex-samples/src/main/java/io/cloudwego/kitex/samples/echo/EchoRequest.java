package io.cloudwego.kitex.samples.echo;

import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftType;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import java.util.Objects;

/** {@code struct EchoRequest { 1: required string message }} of echo.thrift. */
public final class EchoRequest {
    /** Writes and reads the struct. */
    public static final ThriftCodec<EchoRequest> CODEC = new ThriftCodec<>() {
        @Override
        public void write(ThriftWriter out, EchoRequest value) {
            out.writeFieldBegin(ThriftType.STRING, (short) 1);
            out.writeString(value.message);
            out.writeFieldStop();
        }

        @Override
        public EchoRequest read(ThriftReader in) {
            String message = null;
            for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
                if (in.readFieldId() == 1 && type == ThriftType.STRING) {
                    message = in.readString();
                } else {
                    in.skip(type);
                }
            }
            if (message == null) {
                throw new ProtocolException("missing-required-field", "EchoRequest.message is required");
            }
            return new EchoRequest(message);
        }
    };

    private final String message;

    public EchoRequest(String message) {
        this.message = Objects.requireNonNull(message, "message");
    }

    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EchoRequest && ((EchoRequest) o).message.equals(message);
    }

    @Override
    public int hashCode() {
        return message.hashCode();
    }

    @Override
    public String toString() {
        return "EchoRequest{message=" + message + '}';
    }
}
