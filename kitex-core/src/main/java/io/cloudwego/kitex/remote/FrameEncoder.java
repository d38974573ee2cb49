package io.cloudwego.kitex.remote;

import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeaderCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;

/** Writes one Thrift message in any {@link Transport} into a single buffer, lengths filled in afterwards. */
public final class FrameEncoder {
    private static final int INITIAL_CAPACITY = 256;

    private FrameEncoder() {
    }

    /**
     * Encodes a message. The returned buffer belongs to the caller.
     *
     * @param header the TTHeader; required when {@code transport} is a TTHeader one, ignored otherwise
     * @param body writes the struct that follows the message header
     */
    public static ByteBuf encode(ByteBufAllocator allocator, Transport transport, TTHeader header,
                                 MessageHeader message, Consumer<ThriftWriter> body) {
        if (transport.isGrpc()) {
            throw new IllegalArgumentException("gRPC does not frame messages one at a time");
        }
        ByteBuf out = allocator.ioBuffer(INITIAL_CAPACITY);
        try {
            int frameStart = transport.isTTHeader() ? TTHeaderCodec.writeHeader(out, header) : -1;
            int lengthIndex = -1;
            if (transport.isFramed()) {
                lengthIndex = out.writerIndex();
                out.writeInt(0);
            }
            ThriftWriter writer = new ThriftWriter(out);
            writer.writeMessageBegin(message);
            body.accept(writer);
            if (lengthIndex >= 0) {
                out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
            }
            if (frameStart >= 0) {
                TTHeaderCodec.finishFrame(out, frameStart);
            }
            return out;
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
    }
}
