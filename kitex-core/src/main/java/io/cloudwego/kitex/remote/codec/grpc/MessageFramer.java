package io.cloudwego.kitex.remote.codec.grpc;

import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/** Writes gRPC's length-prefixed messages: {@code [u8 compressed][u32 length]} and the body. */
public final class MessageFramer {
    /** Bytes of the prefix before every message. */
    public static final int HEADER_SIZE = 5;
    private static final int COPY_THRESHOLD = 4096;

    private MessageFramer() {
    }

    /**
     * {@code value} written by {@code codec} and framed, compressed by {@code compressorOrNull} unless
     * it is {@code null} or {@link Compressor#IDENTITY}. An uncompressed message is written behind its
     * prefix in one buffer, never copied. The caller owns the result.
     */
    public static <T> ByteBuf encode(ByteBufAllocator alloc, MessageCodec<T> codec, T value, Compressor compressorOrNull) {
        boolean compressed = compressorOrNull != null && compressorOrNull != Compressor.IDENTITY;
        ByteBuf out = alloc.buffer();
        try {
            if (!compressed) {
                out.writeByte(0).writeInt(0);
            }
            codec.write(out, value);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        if (compressed) {
            return frame(alloc, out, compressorOrNull);
        }
        return out.setInt(1, out.readableBytes() - HEADER_SIZE);
    }

    /**
     * {@code message} framed, compressed by {@code compressorOrNull} unless it is {@code null} or
     * {@link Compressor#IDENTITY}. Takes ownership of {@code message}; the caller owns the result.
     */
    public static ByteBuf frame(ByteBufAllocator alloc, ByteBuf message, Compressor compressorOrNull) {
        ByteBuf body = message;
        boolean compressed = compressorOrNull != null && compressorOrNull != Compressor.IDENTITY;
        if (compressed) {
            try {
                body = compressorOrNull.compress(alloc, message);
            } finally {
                message.release();
            }
        }
        int length = body.readableBytes();
        if (length <= COPY_THRESHOLD) {
            try {
                return alloc.buffer(HEADER_SIZE + length).writeByte(compressed ? 1 : 0).writeInt(length)
                    .writeBytes(body);
            } finally {
                body.release();
            }
        }
        ByteBuf header = alloc.buffer(HEADER_SIZE).writeByte(compressed ? 1 : 0).writeInt(length);
        CompositeByteBuf framed = alloc.compositeBuffer(2);
        framed.addComponent(true, header).addComponent(true, body);
        return framed;
    }
}
