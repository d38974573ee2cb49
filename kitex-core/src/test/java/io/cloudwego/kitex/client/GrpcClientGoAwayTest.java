package io.cloudwego.kitex.client;

import static io.cloudwego.kitex.client.GrpcClientTestService.ECHO;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.remote.netty.EventLoops;
import io.cloudwego.kitex.testing.Eventually;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server's GOAWAY that leaves out a stream the client already opened: that call fails as never
 * seen by the server, the calls below the last stream id finish, and new calls take a new connection.
 * The server is a bare Netty HTTP/2 handler, so the GOAWAY's last stream id is exactly chosen.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GrpcClientGoAwayTest {
    private EventLoopGroup group;
    private Channel serverChannel;
    private final AtomicInteger connections = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean firstRequestHeld = new java.util.concurrent.atomic.AtomicBoolean();

    @BeforeEach
    void start() {
        group = EventLoops.newGroup(1, "goaway-server", true);
        serverChannel = new ServerBootstrap().group(group).channel(EventLoops.serverChannelType())
            .childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    boolean goAwayOnSecondStream = connections.incrementAndGet() == 1;
                    ch.pipeline().addLast(new GoAwayOnSecondStream.Builder(goAwayOnSecondStream, firstRequestHeld).build());
                }
            })
            .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    @AfterEach
    void stop() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void streamsAboveTheLastStreamIdFailAsNotReachedAndNewCallsTakeANewConnection() throws Exception {
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        try (KitexClient client = KitexClient.builder("test", GrpcClientTestService.DESCRIPTOR)
            .addresses("127.0.0.1:" + port).transport(Transport.GRPC).connectionsPerAddress(1)
            .connectTimeout(Duration.ofSeconds(5)).build()) {
            CompletableFuture<StringValue> first = client.call(ECHO, StringValue.of("first"));
            Eventually.await("the first call reaches the server", firstRequestHeld::get);
            CompletableFuture<StringValue> second = client.call(ECHO, StringValue.of("second"));

            ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> second.get(30, TimeUnit.SECONDS));
            assertThat(refused.getCause()).isInstanceOfSatisfying(GrpcStatusException.class, e -> {
                assertThat(e.code()).isEqualTo(GrpcStatus.Code.UNAVAILABLE);
                assertThat(e.mayHaveReachedServer()).isFalse();
            });
            assertThat(first.get(30, TimeUnit.SECONDS).getValue()).isEqualTo("first");

            assertThat(client.call(ECHO, StringValue.of("third")).get(30, TimeUnit.SECONDS).getValue())
                .isEqualTo("third");
            assertThat(connections.get()).isEqualTo(2);
        }
    }

    /**
     * Echoes each request message. In GOAWAY mode it holds the connection's first call until the
     * second stream arrives, then sends GOAWAY with the first stream as the last, answers the first,
     * and ignores the second.
     */
    private static final class GoAwayOnSecondStream extends Http2ConnectionHandler {
        private final boolean goAwayMode;
        private final java.util.concurrent.atomic.AtomicBoolean firstRequestHeld;
        private int firstStream;
        private ByteBuf firstRequest;

        GoAwayOnSecondStream(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings,
                             boolean goAwayMode, java.util.concurrent.atomic.AtomicBoolean firstRequestHeld) {
            super(decoder, encoder, settings);
            this.goAwayMode = goAwayMode;
            this.firstRequestHeld = firstRequestHeld;
        }

        static final class Builder extends io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder<
            GoAwayOnSecondStream, Builder> {
            private final boolean goAwayMode;
            private final java.util.concurrent.atomic.AtomicBoolean firstRequestHeld;

            Builder(boolean goAwayMode, java.util.concurrent.atomic.AtomicBoolean firstRequestHeld) {
                this.goAwayMode = goAwayMode;
                this.firstRequestHeld = firstRequestHeld;
                server(true);
            }

            @Override
            protected GoAwayOnSecondStream build() {
                return super.build();
            }

            @Override
            protected GoAwayOnSecondStream build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                                 Http2Settings settings) {
                GoAwayOnSecondStream handler = new GoAwayOnSecondStream(decoder, encoder, settings, goAwayMode,
                    firstRequestHeld);
                frameListener(handler.listener());
                return handler;
            }
        }

        private Http2FrameAdapter listener() {
            return new Http2FrameAdapter() {
                @Override
                public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                                          boolean endStream) {
                    if (!goAwayMode) {
                        return;
                    }
                    if (firstStream == 0) {
                        firstStream = streamId;
                        return;
                    }
                    goAway(ctx, firstStream, Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER, ctx.newPromise());
                    if (firstRequest != null) {
                        answer(ctx, firstStream, firstRequest);
                        firstRequest = null;
                    }
                }

                @Override
                public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers,
                                          int streamDependency, short weight, boolean exclusive, int padding,
                                          boolean endStream) {
                    onHeadersRead(ctx, streamId, headers, padding, endStream);
                }

                @Override
                public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
                                      boolean endOfStream) {
                    int processed = data.readableBytes() + padding;
                    if (!goAwayMode) {
                        if (data.isReadable()) {
                            answer(ctx, streamId, data.retainedDuplicate());
                        }
                    } else if (streamId == firstStream && firstRequest == null && data.isReadable()) {
                        firstRequest = data.retainedDuplicate();
                        firstRequestHeld.set(true);
                    }
                    return processed;
                }
            };
        }

        private void answer(ChannelHandlerContext ctx, int streamId, ByteBuf request) {
            encoder().writeHeaders(ctx, streamId, new DefaultHttp2Headers().status("200")
                .set("content-type", "application/grpc"), 0, false, ctx.newPromise());
            encoder().writeData(ctx, streamId, request, 0, false, ctx.newPromise());
            encoder().writeHeaders(ctx, streamId, new DefaultHttp2Headers().set("grpc-status", "0"), 0, true,
                ctx.newPromise());
            ctx.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (firstRequest != null) {
                firstRequest.release();
                firstRequest = null;
            }
            super.channelInactive(ctx);
        }
    }
}
