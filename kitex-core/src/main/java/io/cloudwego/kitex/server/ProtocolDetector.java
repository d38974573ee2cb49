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
 * §2.3): HTTP/2 (gRPC) on its connection preface; TTHeader Streaming is refused for now; otherwise
 * the Thrift frame decoder, which detects the framing of every message by itself. Removes itself afterwards.
 */
final class ProtocolDetector extends ByteToMessageDecoder {
    private static final byte[] HTTP2_PREFACE_START = "PRI * HT".getBytes(StandardCharsets.US_ASCII);

    private final KitexServer server;
    private final int maxFrameSize;

    ProtocolDetector(KitexServer server, int maxFrameSize) {
        this.server = server;
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 8) {
            return;
        }
        int start = in.readerIndex();
        if (startsWith(in, start, HTTP2_PREFACE_START)) {
            // Removing this decoder hands the bytes read so far to the HTTP/2 handler, which checks the whole preface.
            ctx.pipeline().addAfter(ctx.name(), "kitex-grpc", GrpcServerHandler.create(server));
            ctx.pipeline().remove(this);
            return;
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
