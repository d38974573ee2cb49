package io.cloudwego.kitex.remote.codec;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.cloudwego.kitex.remote.codec.protobuf.ProtobufMessageCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftMessageCodec;
import io.netty.buffer.ByteBuf;

/**
 * Writes and reads one message type of a {@link io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor
 * streaming method}, with nothing around it: the body of a Kitex Protobuf message, or of one gRPC
 * message after its 5-byte prefix. Protobuf messages are in the Protobuf binary encoding ({@link #of});
 * Thrift structs in the Thrift binary protocol ({@link #thrift}).
 * Generated code provides one per message type a service uses; the runtime calls it without
 * reflection.
 *
 * @param <T> the message type
 */
public interface MessageCodec<T> {

    /** Appends the encoding of {@code message} to {@code out}. */
    void write(ByteBuf out, T message);

    /**
     * Reads every readable byte of {@code in} as one message; an empty buffer is the message with
     * every field at its default. The message does not share memory with {@code in}, which the
     * caller still owns.
     *
     * @throws io.cloudwego.kitex.errors.ProtocolException if the bytes are not such a message
     */
    T read(ByteBuf in);

    /** The codec of the messages {@code parser} parses: {@code MessageCodec.of(HelloRequest.parser())}. */
    static <T extends MessageLite> MessageCodec<T> of(Parser<T> parser) {
        return new ProtobufMessageCodec<>(parser);
    }

    /**
     * The codec of the Thrift struct {@code structCodec} writes and reads, as the message of a Thrift
     * method annotated {@code streaming.mode}: {@code MessageCodec.thrift(EchoRequest.CODEC)}.
     */
    static <T> MessageCodec<T> thrift(ThriftCodec<T> structCodec) {
        return new ThriftMessageCodec<>(structCodec);
    }
}
