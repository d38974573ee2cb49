package io.cloudwego.kitex.remote.codec.protobuf;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/** A {@link MessageCodec} over protobuf-java's generated code: its parser and {@link MessageLite#writeTo}. */
public final class ProtobufMessageCodec<T extends MessageLite> implements MessageCodec<T> {
    private final Parser<T> parser;

    /** The codec of the messages {@code parser} parses; {@link MessageCodec#of(Parser)} makes one. */
    public ProtobufMessageCodec(Parser<T> parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    @Override
    public void write(ByteBuf out, T message) {
        int size = message.getSerializedSize();
        out.ensureWritable(size);
        int start = out.writerIndex();
        try {
            if (out.nioBufferCount() == 1) {
                CodedOutputStream coded = CodedOutputStream.newInstance(out.nioBuffer(start, size));
                message.writeTo(coded);
                coded.checkNoSpaceLeft();
                out.writerIndex(start + size);
            } else {
                message.writeTo(new ByteBufOutputStream(out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + message.getClass().getName(), e);
        }
    }

    @Override
    public T read(ByteBuf in) {
        try {
            T message = in.nioBufferCount() == 1 ? parser.parseFrom(in.nioBuffer())
                : parser.parseFrom(new ByteBufInputStream(in.duplicate()));
            in.skipBytes(in.readableBytes());
            return message;
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException("bad-protobuf-message", "not a valid Protobuf message: " + e.getMessage());
        }
    }
}
