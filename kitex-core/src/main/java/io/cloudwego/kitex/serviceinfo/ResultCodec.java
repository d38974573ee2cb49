package io.cloudwego.kitex.serviceinfo;

import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;

/**
 * Writes and reads the result struct of one method: field 0 the success value, fields 1..n the
 * exceptions the IDL declares.
 *
 * @param <T> the Java type of the success value ({@link Void} for void methods)
 */
public interface ResultCodec<T> {

    /** Whether {@code error} is one of the exceptions the method declares. */
    boolean declares(Throwable error);

    /** Writes the result struct holding {@code success}. */
    void writeSuccess(ThriftWriter out, T success);

    /** Writes the result struct holding {@code error}, for which {@link #declares} is true. */
    void writeException(ThriftWriter out, IdlException error);

    /**
     * Reads a result struct and returns its success value.
     *
     * @throws IdlException the declared exception the struct holds
     */
    T read(ThriftReader in);
}
