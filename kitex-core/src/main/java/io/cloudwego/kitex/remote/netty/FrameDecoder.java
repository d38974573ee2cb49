package io.cloudwego.kitex.remote.netty;

import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.remote.InboundMessage;
import io.cloudwego.kitex.remote.MessageHeader;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.protobuf.KitexProtobuf;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftType;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeaderCodec;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.function.Function;

/**
 * Splits a byte stream into {@link InboundMessage}s, detecting the framing and format of each
 * message as Kitex does (reference §2.3): TTHeader (magic at offset 4), Framed Thrift (0x8001 at
 * offset 4), Buffered Thrift (0x8001 at offset 0, its end found by skipping the struct) or Framed
 * Kitex Protobuf (0x9001 at offset 4), the last three also inside a TTHeader. A violation throws
 * {@link ProtocolException}; after one, the rest of the stream is discarded, since the connection is
 * being closed.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private static final int THRIFT_VERSION_MASK = 0xFFFF0000;
    private static final int THRIFT_VERSION_1 = 0x80010000;
    private static final int MESH_HEADER_MAGIC = 0xFFAF0000;

    private final int maxFrameSize;
    private boolean failed;

    /** @param maxFrameSize the largest frame accepted, in bytes, length prefixes included */
    public FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            InboundMessage message = decodeOne(in);
            if (message != null) {
                out.add(message);
            }
        } catch (ProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /** Decodes one message from {@code in}, or returns {@code null} when more bytes are needed. */
    InboundMessage decodeOne(ByteBuf in) {
        if (in.readableBytes() < 8) {
            return null;
        }
        int start = in.readerIndex();
        int first = in.getInt(start);
        int second = in.getInt(start + 4);
        if (TTHeaderCodec.isTTHeader(second)) {
            ByteBuf frame = readLengthPrefixed(in, first);
            if (frame == null) {
                return null;
            }
            return releasingOnError(frame, this::decodeTTHeaderFrame);
        }
        if ((second & THRIFT_VERSION_MASK) == THRIFT_VERSION_1) {
            ByteBuf frame = readLengthPrefixed(in, first);
            if (frame == null) {
                return null;
            }
            return releasingOnError(frame, f -> decodeMessage(Transport.FRAMED, null, f.skipBytes(4)));
        }
        if (KitexProtobuf.isKitexProtobuf(second)) {
            ByteBuf frame = readLengthPrefixed(in, first);
            if (frame == null) {
                return null;
            }
            return releasingOnError(frame, f -> decodeKitexProtobuf(Transport.FRAMED, null, f.skipBytes(4)));
        }
        if ((first & THRIFT_VERSION_MASK) == THRIFT_VERSION_1) {
            int length = bufferedMessageLength(in);
            if (length < 0) {
                if (in.readableBytes() > maxFrameSize) {
                    throw tooLarge(in.readableBytes());
                }
                return null;
            }
            if (length > maxFrameSize) {
                throw tooLarge(length);
            }
            return releasingOnError(in.readRetainedSlice(length), f -> decodeMessage(Transport.BUFFERED, null, f));
        }
        if ((first & THRIFT_VERSION_MASK) == MESH_HEADER_MAGIC) {
            throw new ProtocolException("unsupported-protocol", "MeshHeader is not supported");
        }
        throw new ProtocolException("bad-magic", String.format(
            "invalid payload (first4Bytes=0x%08x, second4Bytes=0x%08x)", first, second));
    }

    private ByteBuf readLengthPrefixed(ByteBuf in, int length) {
        if (length < 0 || length > maxFrameSize - 4) {
            throw tooLarge(Integer.toUnsignedLong(length) + 4);
        }
        if (in.readableBytes() < length + 4) {
            return null;
        }
        return in.readRetainedSlice(length + 4);
    }

    /** Hands {@code frame} to {@code decoder}, releasing it if decoding fails. */
    private static InboundMessage releasingOnError(ByteBuf frame, Function<ByteBuf, InboundMessage> decoder) {
        try {
            return decoder.apply(frame);
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
    }

    private InboundMessage decodeTTHeaderFrame(ByteBuf frame) {
        TTHeader header = TTHeaderCodec.decode(frame);
        if ((header.flags() & TTHeader.FLAG_STREAMING) != 0) {
            throw new ProtocolException("unsupported-protocol", "TTHeader Streaming is not supported yet");
        }
        if (frame.readableBytes() < 8) {
            throw new ProtocolException("truncated", "TTHeader payload of " + frame.readableBytes() + " bytes");
        }
        int payloadStart = frame.readerIndex();
        int first = frame.getInt(payloadStart);
        int second = frame.getInt(payloadStart + 4);
        boolean thrift = (second & THRIFT_VERSION_MASK) == THRIFT_VERSION_1;
        if (thrift || KitexProtobuf.isKitexProtobuf(second)) {
            if (first != frame.readableBytes() - 4) {
                throw new ProtocolException("bad-length", "framed length " + first + " inside a TTHeader payload of "
                    + (frame.readableBytes() - 4) + " bytes");
            }
            frame.skipBytes(4);
            return thrift ? decodeMessage(Transport.TTHEADER_FRAMED, header, frame)
                : decodeKitexProtobuf(Transport.TTHEADER_FRAMED, header, frame);
        }
        if ((first & THRIFT_VERSION_MASK) == THRIFT_VERSION_1) {
            return decodeMessage(Transport.TTHEADER, header, frame);
        }
        throw new ProtocolException("bad-magic", String.format(
            "invalid TTHeader payload (first4Bytes=0x%08x, second4Bytes=0x%08x)", first, second));
    }

    /** Reads the Thrift message header; {@code frame} becomes the message body. */
    private static InboundMessage decodeMessage(Transport transport, TTHeader header, ByteBuf frame) {
        MessageHeader message = new ThriftReader(frame).readMessageBegin();
        return new InboundMessage(transport, PayloadCodec.THRIFT, header, message, frame);
    }

    /** Reads the Kitex Protobuf message header; {@code frame} becomes the message body. */
    private static InboundMessage decodeKitexProtobuf(Transport transport, TTHeader header, ByteBuf frame) {
        MessageHeader message = KitexProtobuf.readMessageBegin(frame);
        return new InboundMessage(transport, PayloadCodec.PROTOBUF, header, message, frame);
    }

    /** The length of the Buffered message at the reader index, or -1 when it is not all here yet. */
    private static int bufferedMessageLength(ByteBuf in) {
        ByteBuf view = in.duplicate();
        ThriftReader reader = new ThriftReader(view);
        try {
            reader.readMessageBegin();
            reader.skip(ThriftType.STRUCT);
        } catch (ProtocolException e) {
            if ("truncated".equals(e.reason())) {
                return -1;
            }
            throw e;
        }
        return view.readerIndex() - in.readerIndex();
    }

    private ProtocolException tooLarge(long size) {
        return new ProtocolException("frame-too-large", "frame of " + size + " bytes exceeds the maximum of "
            + maxFrameSize);
    }
}
