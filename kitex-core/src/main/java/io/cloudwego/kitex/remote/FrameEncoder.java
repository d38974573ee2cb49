package io.cloudwego.kitex.remote;

import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeaderCodec;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;

/**
 * Writes one Thrift or Kitex Protobuf message in any message framing ({@link Transport#messageFramings()})
 * into a single buffer, lengths filled in afterwards.
 */
public final class FrameEncoder {
    private FrameEncoder() {
    }

    /**
     * Encodes a Thrift message. The returned buffer belongs to the caller.
     *
     * @param header the TTHeader; required when {@code transport} is a TTHeader one, ignored otherwise
     * @param body writes the struct that follows the message header
     */
    public static ByteBuf encode(ByteBufAllocator allocator, Transport transport, TTHeader header,
                                 MessageHeader message, Consumer<ThriftWriter> body) {
        return encode(allocator, transport, header, PayloadCodec.THRIFT, message,
            out -> body.accept(new ThriftWriter(out)));
    }

    /**
     * Encodes a Thrift or Kitex Protobuf message of no steady size. The returned buffer belongs to the caller.
     *
     * @see #encode(ByteBufAllocator, Transport, TTHeader, PayloadCodec, MessageHeader, Consumer, EncodedSize)
     */
    public static ByteBuf encode(ByteBufAllocator allocator, Transport transport, TTHeader header,
                                 PayloadCodec payloadCodec, MessageHeader message, Consumer<ByteBuf> body) {
        return encode(allocator, transport, header, payloadCodec, message, body, null);
    }

    /**
     * Encodes a Thrift or Kitex Protobuf message. The returned buffer belongs to the caller.
     *
     * @param header the TTHeader; required when {@code transport} is a TTHeader one, ignored otherwise
     * @param payloadCodec the format of the message: Thrift, or Kitex Protobuf
     * @param body writes what follows the message header
     * @param size the sizes of the messages like this one, to size the buffer by and to record this
     *     one's in; {@code null} for a message of no steady size
     * @throws IllegalArgumentException for Kitex Protobuf in a transport that is not framed, which
     *     cannot carry it
     */
    public static ByteBuf encode(ByteBufAllocator allocator, Transport transport, TTHeader header,
                                 PayloadCodec payloadCodec, MessageHeader message, Consumer<ByteBuf> body,
                                 EncodedSize size) {
        if (transport.isGrpc()) {
            throw new IllegalArgumentException("gRPC does not frame messages one at a time");
        }
        if (payloadCodec == PayloadCodec.PROTOBUF && !transport.isFramed()) {
            throw new IllegalArgumentException(transport + " cannot carry Kitex Protobuf, which is always framed:"
                + " use TTHEADER_FRAMED or FRAMED");
        }
        ByteBuf out = allocator.ioBuffer(size == null ? EncodedSize.MIN_CAPACITY : size.expected());
        try {
            int frameStart = transport.isTTHeader() ? TTHeaderCodec.writeHeader(out, header) : -1;
            int lengthIndex = -1;
            if (transport.isFramed()) {
                lengthIndex = out.writerIndex();
                out.writeInt(0);
            }
            MethodPayload.writeMessageBegin(payloadCodec, out, message);
            body.accept(out);
            if (lengthIndex >= 0) {
                out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
            }
            if (frameStart >= 0) {
                TTHeaderCodec.finishFrame(out, frameStart);
            }
            if (size != null) {
                size.record(out.readableBytes());
            }
            return out;
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
    }
}
