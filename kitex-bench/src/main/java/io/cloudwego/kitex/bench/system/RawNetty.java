package io.cloudwego.kitex.bench.system;

import io.cloudwego.kitex.remote.netty.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The floor: a raw Netty server (the same transport as kitex-java's, one I/O thread per core) that
 * cuts length-prefixed frames and writes each one back as it is, flushing once per read batch. No
 * decoding, no dispatch: what any Netty RPC server pays at least per request on this machine.
 */
public final class RawNetty {
    /** The raw echo server. */
    public static final ServerKind SERVER = new ServerKind() {
        @Override
        public String id() {
            return "raw-netty";
        }

        @Override
        public String label() {
            return "raw Netty echo server (floor)";
        }

        @Override
        public Protocol protocol() {
            return Protocol.RAW_FRAMED;
        }

        @Override
        public EchoServer start() throws InterruptedException {
            EventLoopGroup group = EventLoops.newGroup(Runtime.getRuntime().availableProcessors(), "raw-netty-server", false);
            Channel listening = new ServerBootstrap()
                .group(group)
                .channel(EventLoops.serverChannelType())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(64 * 1024 * 1024, 0, 4, 0, 0), ECHO);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            return new EchoServer() {
                @Override
                public int port() {
                    return ((InetSocketAddress) listening.localAddress()).getPort();
                }

                @Override
                public void close() throws InterruptedException {
                    listening.close().sync();
                    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
                }
            };
        }
    };

    /** Writes every frame back; the write releases it. */
    private static final ChannelHandler ECHO = new Echo();

    private RawNetty() {
    }

    @ChannelHandler.Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
