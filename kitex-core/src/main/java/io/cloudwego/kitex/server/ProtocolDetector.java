package io.cloudwego.kitex.server;

import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeaderCodec;
import io.cloudwego.kitex.remote.netty.FrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Looks at the first 8 bytes of a connection and installs the handlers of its protocol (reference
 * §2.3): HTTP/2 (gRPC) or TTHeader Streaming when they are supported, otherwise the Thrift frame
 * decoder, which detects the framing of every message by itself. Removes itself afterwards.
 */
final class ProtocolDetector extends ByteToMessageDecoder {
    private static final byte[] HTTP2_PREFACE_START = "PRI * HT".getBytes(StandardCharsets.US_ASCII);

    private final int maxFrameSize;

    ProtocolDetector(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 8) {
            return;
        }
        int start = in.readerIndex();
        if (startsWith(in, start, HTTP2_PREFACE_START)) {
            in.skipBytes(in.readableBytes());
            throw new ProtocolException("unsupported-protocol", "HTTP/2 (gRPC) is not supported by this server yet");
        }
        int second = in.getInt(start + 4);
        if (TTHeaderCodec.isTTHeader(second) && (second & TTHeader.FLAG_STREAMING) != 0) {
            in.skipBytes(in.readableBytes());
            throw new ProtocolException("unsupported-protocol", "TTHeader Streaming is not supported by this server yet");
        }
        ctx.pipeline().addAfter(ctx.name(), "kitex-frame-decoder", new FrameDecoder(maxFrameSize));
        ctx.pipeline().remove(this);
    }

    private static boolean startsWith(ByteBuf in, int start, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (in.getByte(start + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
