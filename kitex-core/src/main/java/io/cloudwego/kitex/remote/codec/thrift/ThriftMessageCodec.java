package io.cloudwego.kitex.remote.codec.thrift;

import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * A {@link MessageCodec} of one Thrift struct type: the struct alone in the Thrift binary protocol,
 * with no message header and no args or result wrapper, as Kitex carries the messages of a Thrift
 * method annotated {@code streaming.mode} over gRPC ({@code application/grpc+thrift}).
 *
 * @param <T> the Java type of the struct
 */
public final class ThriftMessageCodec<T> implements MessageCodec<T> {
    private final ThriftCodec<T> structCodec;

    /** The message codec of the struct {@code structCodec} writes and reads; {@link MessageCodec#thrift} makes one. */
    public ThriftMessageCodec(ThriftCodec<T> structCodec) {
        this.structCodec = Objects.requireNonNull(structCodec, "structCodec");
    }

    @Override
    public void write(ByteBuf out, T message) {
        structCodec.write(new ThriftWriter(out), message);
    }

    /**
     * {@inheritDoc} An empty buffer is not a struct (a struct has at least its STOP field); bytes
     * after the struct's STOP field are an error too.
     */
    @Override
    public T read(ByteBuf in) {
        T message = structCodec.read(new ThriftReader(in));
        if (in.isReadable()) {
            throw new ProtocolException("bad-thrift-message",
                in.readableBytes() + " bytes after the end of the Thrift struct");
        }
        return message;
    }
}
