package io.cloudwego.kitex.testing;

import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftType;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.serviceinfo.ResultCodec;

/** The result struct {@code {0: string success}} of a method that returns a string and declares no exceptions. */
public final class StringResult implements ResultCodec<String> {
    private final String method;

    /** The result codec of {@code method}, named in the error a missing result raises. */
    public StringResult(String method) {
        this.method = method;
    }

    @Override
    public boolean declares(Throwable error) {
        return false;
    }

    @Override
    public void writeSuccess(ThriftWriter out, String success) {
        out.writeFieldBegin(ThriftType.STRING, (short) 0);
        out.writeString(success);
        out.writeFieldStop();
    }

    @Override
    public void writeException(ThriftWriter out, IdlException error) {
        throw new IllegalArgumentException(method + " declares no exceptions", error);
    }

    @Override
    public String read(ThriftReader in) {
        String success = null;
        for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
            if (in.readFieldId() == 0 && type == ThriftType.STRING) {
                success = in.readString();
            } else {
                in.skip(type);
            }
        }
        if (success == null) {
            throw new RemoteApplicationException(RemoteApplicationException.MISSING_RESULT, method + " failed: unknown result");
        }
        return success;
    }
}
