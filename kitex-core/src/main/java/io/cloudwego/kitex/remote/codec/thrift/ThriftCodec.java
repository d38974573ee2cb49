package io.cloudwego.kitex.remote.codec.thrift;

/**
 * Writes and reads one Thrift struct type in the binary protocol. Generated code provides one per
 * struct, args struct and result struct; the runtime calls it without reflection.
 *
 * @param <T> the Java type of the struct
 */
public interface ThriftCodec<T> {

    /** Writes {@code value} as a struct, ending with the STOP field. */
    void write(ThriftWriter out, T value);

    /** Reads one struct, through its STOP field, skipping fields it does not know. */
    T read(ThriftReader in);
}
