package io.cloudwego.kitex.server;

import io.cloudwego.kitex.remote.netty.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Frame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare HTTP/2 client on Netty's frame codec, for sending what a gRPC client never would and
 * seeing the server's frames as they are.
 */
final class RawHttp2Client implements AutoCloseable {
    /** A frame the server sent on one stream, with DATA copied out. */
    record Received(int streamId, Http2Headers headers, boolean endStream, byte[] data, long resetCode) {
    }

    private final EventLoopGroup group = EventLoops.newGroup(1, "raw-h2-client", true);
    private final BlockingQueue<Received> frames = new LinkedBlockingQueue<>();
    private final Channel channel;
    private final Handler handler = new Handler();
    private volatile long goAwayError = -1;

    RawHttp2Client(int port) {
        channel = new Bootstrap().group(group).channel(EventLoops.channelType())
            .handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().validateHeaders(false).build(), handler);
                }
            })
            .connect(new InetSocketAddress("127.0.0.1", port)).syncUninterruptibly().channel();
    }

    /** Request headers of a well-formed gRPC call to {@code path}. */
    static Http2Headers grpcHeaders(String path) {
        return new DefaultHttp2Headers(false).method("POST").scheme("http").authority("localhost").path(path)
            .set("content-type", "application/grpc").set("te", "trailers");
    }

    /** Opens a stream with {@code headers}, then sends {@code data} (if not null); returns the stream id. */
    int send(Http2Headers headers, boolean endStream, ByteBuf data, boolean dataEndsStream) throws Exception {
        return channel.eventLoop().submit(() -> {
            Http2FrameStream stream = handler.newStream();
            channel.write(new DefaultHttp2HeadersFrame(headers, endStream).stream(stream));
            if (data != null) {
                channel.write(new DefaultHttp2DataFrame(data, dataEndsStream).stream(stream));
            }
            channel.flush();
            return stream;
        }).get(10, TimeUnit.SECONDS).id();
    }

    /** The next frame the server sent on any stream. */
    Received next() throws InterruptedException {
        Received frame = frames.poll(30, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame from the server within 30 s");
        }
        return frame;
    }

    /** The error code of the GOAWAY the server sent, or -1. */
    long goAwayError() {
        return goAwayError;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends Http2ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame) {
                    Http2HeadersFrame h = (Http2HeadersFrame) msg;
                    frames.add(new Received(h.stream().id(), h.headers(), h.isEndStream(), null, -1));
                } else if (msg instanceof Http2DataFrame) {
                    Http2DataFrame d = (Http2DataFrame) msg;
                    frames.add(new Received(d.stream().id(), null, d.isEndStream(), ByteBufUtil.getBytes(d.content()), -1));
                } else if (msg instanceof Http2ResetFrame) {
                    Http2ResetFrame r = (Http2ResetFrame) msg;
                    frames.add(new Received(r.stream().id(), null, true, null, r.errorCode()));
                } else if (msg instanceof Http2GoAwayFrame) {
                    goAwayError = ((Http2GoAwayFrame) msg).errorCode();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
