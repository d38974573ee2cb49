package io.cloudwego.kitex.remote.codec.grpc;

import io.cloudwego.kitex.errors.GrpcStatusException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Reads gRPC's length-prefixed messages out of the DATA of one stream, however the frames split
 * them. Not thread-safe: one stream's reader uses it.
 */
public final class MessageDeframer implements AutoCloseable {
    private final ByteBufAllocator alloc;
    private final int maxMessageSize;
    private final CompositeByteBuf buffer;
    private Compressor decompressor;
    private int pendingLength = -1;
    private boolean pendingCompressed;
    private boolean lastMessageCompressed;
    private long consumedBytes;
    private boolean closed;

    /**
     * @param maxMessageSize the largest message accepted, before and after decompression
     * @param decompressor the stream's {@code grpc-encoding}, or {@code null} if it has none
     */
    public MessageDeframer(ByteBufAllocator alloc, int maxMessageSize, Compressor decompressor) {
        this.alloc = alloc;
        this.maxMessageSize = maxMessageSize;
        this.decompressor = decompressor;
        this.buffer = alloc.compositeBuffer(Integer.MAX_VALUE);
    }

    /** Appends DATA bytes; takes ownership of {@code data}, releasing it at once if closed. */
    public void add(ByteBuf data) {
        if (closed || !data.isReadable()) {
            data.release();
            return;
        }
        buffer.addComponent(true, data);
    }

    /**
     * The next complete message, decompressed, which the caller owns; or {@code null} until more
     * bytes arrive.
     *
     * @throws GrpcStatusException {@code RESOURCE_EXHAUSTED} for a message larger than the maximum
     *     (checked on its declared length, before it is buffered), {@code INTERNAL} for a compressed
     *     message on a stream without an encoding, or a bad prefix
     */
    public ByteBuf next() {
        if (closed) {
            return null;
        }
        if (pendingLength < 0) {
            if (buffer.readableBytes() < MessageFramer.HEADER_SIZE) {
                return null;
            }
            int flags = buffer.readUnsignedByte();
            long length = buffer.readUnsignedInt();
            if ((flags & 0xFE) != 0) {
                throw GrpcStatusException.of(GrpcStatus.Code.INTERNAL, "gRPC message prefix has unknown flags " + flags);
            }
            if (length > maxMessageSize) {
                throw GrpcStatusException.of(GrpcStatus.Code.RESOURCE_EXHAUSTED, "gRPC message of " + length
                    + " bytes exceeds the maximum message size of " + maxMessageSize + " bytes");
            }
            pendingCompressed = flags == 1;
            if (pendingCompressed && (decompressor == null || decompressor == Compressor.IDENTITY)) {
                throw GrpcStatusException.of(GrpcStatus.Code.INTERNAL,
                    "compressed gRPC message on a stream without a grpc-encoding");
            }
            pendingLength = (int) length;
        }
        if (buffer.readableBytes() < pendingLength) {
            return null;
        }
        ByteBuf message = readMessage(pendingLength);
        consumedBytes += MessageFramer.HEADER_SIZE + pendingLength;
        pendingLength = -1;
        lastMessageCompressed = pendingCompressed;
        buffer.discardReadComponents();
        if (!pendingCompressed) {
            return message;
        }
        try {
            return decompressor.decompress(alloc, message, maxMessageSize);
        } finally {
            message.release();
        }
    }

    /**
     * The next {@code length} bytes as a buffer independent of the composite, whose indexes move
     * as read components are discarded: a slice of one component when the message lies in it,
     * otherwise a copy.
     */
    private ByteBuf readMessage(int length) {
        int start = buffer.readerIndex();
        if (length > 0) {
            int index = buffer.toComponentIndex(start);
            ByteBuf component = buffer.internalComponent(index);
            int offset = start - buffer.toByteIndex(index);
            if (offset + length <= component.readableBytes()) {
                buffer.skipBytes(length);
                return component.retainedSlice(component.readerIndex() + offset, length);
            }
        }
        ByteBuf copy = alloc.buffer(length);
        buffer.readBytes(copy, length);
        return copy;
    }

    /**
     * Whether the message {@link #next()} returned last arrived compressed (its prefix's flag set),
     * before it was decompressed.
     */
    public boolean lastMessageCompressed() {
        return lastMessageCompressed;
    }

    /** Sets the encoding of compressed messages, once {@code grpc-encoding} is known. */
    public void decompressor(Compressor decompressor) {
        this.decompressor = decompressor;
    }

    /** Whether bytes of a message not yet complete are buffered: at end of stream, a truncated message. */
    public boolean hasPartialMessage() {
        return !closed && (pendingLength >= 0 || buffer.isReadable());
    }

    /** Bytes buffered and not yet returned as messages. */
    public int bufferedBytes() {
        return closed ? 0 : buffer.readableBytes();
    }

    /**
     * Wire bytes (prefixes and bodies) of the messages returned since the last call: what the
     * reader may now give back to the peer's flow-control window.
     */
    public long takeConsumedBytes() {
        long consumed = consumedBytes;
        consumedBytes = 0;
        return consumed;
    }

    /** Releases what is buffered; later {@link #add} calls release their data at once. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            buffer.release();
        }
    }
}
