package io.cloudwego.kitex.remote.codec.thrift;

import io.cloudwego.kitex.errors.RemoteApplicationException;

/** The struct of an EXCEPTION message: {@code {1: string message, 2: i32 type}} (reference §4.1). */
public final class ApplicationExceptionCodec implements ThriftCodec<RemoteApplicationException> {
    /** The one instance. */
    public static final ApplicationExceptionCodec INSTANCE = new ApplicationExceptionCodec();

    private ApplicationExceptionCodec() {
    }

    @Override
    public void write(ThriftWriter out, RemoteApplicationException value) {
        String message = value.getMessage();
        if (message != null) {
            out.writeFieldBegin(ThriftType.STRING, (short) 1);
            out.writeString(message);
        }
        out.writeFieldBegin(ThriftType.I32, (short) 2);
        out.writeI32(value.type());
        out.writeFieldStop();
    }

    @Override
    public RemoteApplicationException read(ThriftReader in) {
        String message = "";
        int type = RemoteApplicationException.UNKNOWN;
        for (byte fieldType = in.readFieldType(); fieldType != ThriftType.STOP; fieldType = in.readFieldType()) {
            short id = in.readFieldId();
            if (id == 1 && fieldType == ThriftType.STRING) {
                message = in.readString();
            } else if (id == 2 && fieldType == ThriftType.I32) {
                type = in.readI32();
            } else {
                in.skip(fieldType);
            }
        }
        return new RemoteApplicationException(type, message);
    }
}
