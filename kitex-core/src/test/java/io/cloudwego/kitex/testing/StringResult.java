package io.cloudwego.kitex.testing;

import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftType;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.serviceinfo.ResultCodec;

/**
 * The result struct {@code {0: string success}} of a method that returns a string, with field 1 the
 * one exception it may declare.
 */
public final class StringResult implements ResultCodec<String> {
    private final String method;
    private final Class<? extends IdlException> declared;
    private final ThriftCodec<IdlException> declaredCodec;

    /** The result codec of {@code method}, which declares no exception. */
    public StringResult(String method) {
        this(method, null, null);
    }

    private StringResult(String method, Class<? extends IdlException> declared, ThriftCodec<IdlException> declaredCodec) {
        this.method = method;
        this.declared = declared;
        this.declaredCodec = declaredCodec;
    }

    /** The result codec of {@code method}, which declares the exception {@code type} as field 1. */
    @SuppressWarnings("unchecked")
    public static <E extends IdlException> StringResult declaring(String method, Class<E> type, ThriftCodec<E> codec) {
        return new StringResult(method, type, (ThriftCodec<IdlException>) codec);
    }

    @Override
    public boolean declares(Throwable error) {
        return declared != null && declared.isInstance(error);
    }

    @Override
    public void writeSuccess(ThriftWriter out, String success) {
        out.writeFieldBegin(ThriftType.STRING, (short) 0);
        out.writeString(success);
        out.writeFieldStop();
    }

    @Override
    public void writeException(ThriftWriter out, IdlException error) {
        if (!declares(error)) {
            throw new IllegalArgumentException(method + " does not declare " + error.getClass().getName(), error);
        }
        out.writeFieldBegin(ThriftType.STRUCT, (short) 1);
        out.writeStruct(declaredCodec, error);
        out.writeFieldStop();
    }

    @Override
    public String read(ThriftReader in) {
        String success = null;
        IdlException error = null;
        for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
            short id = in.readFieldId();
            if (id == 0 && type == ThriftType.STRING) {
                success = in.readString();
            } else if (id == 1 && type == ThriftType.STRUCT && declaredCodec != null) {
                error = in.readStruct(declaredCodec);
            } else {
                in.skip(type);
            }
        }
        if (error != null) {
            throw error;
        }
        if (success == null) {
            throw new RemoteApplicationException(RemoteApplicationException.MISSING_RESULT, method + " failed: unknown result");
        }
        return success;
    }
}
