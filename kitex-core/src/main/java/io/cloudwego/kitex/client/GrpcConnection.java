package io.cloudwego.kitex.client;

import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.remote.netty.DeferredFlush;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2LocalFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 connection of the gRPC client: opens a stream per call, routes the frames of each stream
 * to its {@link GrpcClientCall}, and counts the streams in use against the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS. All stream work runs on the connection's event loop.
 *
 * <p>Inbound flow control is the calls': a DATA frame's bytes go back to the server's window only
 * when the application has taken the messages they carry. The connection-level window is refilled
 * at once, so that one slow stream does not stall the others.
 */
final class GrpcConnection extends Http2ConnectionHandler implements Http2FrameListener {
    private static final Logger log = LoggerFactory.getLogger(GrpcConnection.class);

    /** Initial stream window we announce: grpc-java's default. */
    static final int INITIAL_WINDOW_SIZE = 1024 * 1024;

    private final SocketAddress address;
    private final String authority;
    private final CompletableFuture<GrpcConnection> ready = new CompletableFuture<>();
    private final Http2Connection.PropertyKey callKey;
    private final AtomicInteger streamsInUse = new AtomicInteger();
    private volatile int maxConcurrentStreams = Integer.MAX_VALUE;
    private volatile boolean draining;
    private volatile boolean channelClosed;
    private volatile Channel channel;
    private ChannelHandlerContext ctx;
    private DeferredFlush deferredFlush;

    private GrpcConnection(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                           Http2Settings initialSettings, SocketAddress address) {
        super(decoder, encoder, initialSettings);
        this.address = address;
        this.authority = authorityOf(address);
        this.callKey = connection().newKey();
        connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                GrpcClientCall<?, ?> call = stream.removeProperty(callKey);
                if (call != null) {
                    streamsInUse.decrementAndGet();
                    call.streamClosed(channelClosed);
                }
                closeIfDrained();
            }

            @Override
            public void onGoAwayReceived(int lastStreamId, long errorCode, ByteBuf debugData) {
                draining = true;
                GrpcStatus status = GrpcStatus.of(GrpcStatus.Code.UNAVAILABLE, "the server at " + address
                    + " is going away (GOAWAY " + Http2Error.valueOf(errorCode) + ", last stream " + lastStreamId + ")");
                try {
                    connection().forEachActiveStream(stream -> {
                        GrpcClientCall<?, ?> call = stream.getProperty(callKey);
                        if (call != null && stream.id() > lastStreamId) {
                            call.refused(status);
                        }
                        return true;
                    });
                } catch (Http2Exception e) {
                    log.debug("gRPC connection to {}: failing streams above GOAWAY's last stream", address, e);
                }
                closeIfDrained();
            }
        });
    }

    /** A handler for a new connection to {@code address}. */
    static GrpcConnection create(SocketAddress address) {
        Http2Connection connection = new DefaultHttp2Connection(false);
        connection.local().flowController(new DefaultHttp2LocalFlowController(connection,
            DefaultHttp2LocalFlowController.DEFAULT_WINDOW_UPDATE_RATIO, true));
        return new Builder(address)
            .connection(connection)
            .initialSettings(Http2Settings.defaultSettings().pushEnabled(false).initialWindowSize(INITIAL_WINDOW_SIZE))
            .gracefulShutdownTimeoutMillis(0)
            .build();
    }

    /** Builds the handler; Netty's builder wires the codec around it. */
    private static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<GrpcConnection, Builder> {
        private final SocketAddress address;

        Builder(SocketAddress address) {
            this.address = address;
        }

        @Override
        protected Builder connection(Http2Connection connection) {
            return super.connection(connection);
        }

        @Override
        protected Builder initialSettings(Http2Settings settings) {
            return super.initialSettings(settings);
        }

        @Override
        protected Builder gracefulShutdownTimeoutMillis(long millis) {
            return super.gracefulShutdownTimeoutMillis(millis);
        }

        @Override
        protected GrpcConnection build() {
            return super.build();
        }

        @Override
        protected GrpcConnection build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                       Http2Settings initialSettings) {
            GrpcConnection handler = new GrpcConnection(decoder, encoder, initialSettings, address);
            frameListener(handler);
            return handler;
        }
    }

    /**
     * Completes once the server's first SETTINGS arrived (the connection speaks HTTP/2 and its limits
     * are known), or fails with {@link ConnectFailedException} if the connection closed before or
     * {@code timeoutMillis} passed.
     */
    CompletableFuture<GrpcConnection> ready(long timeoutMillis) {
        Channel ch = channel;
        if (ch != null && !ready.isDone()) {
            var timeout = ch.eventLoop().schedule(() -> {
                if (ready.completeExceptionally(new ConnectFailedException(address,
                    new IOException("no HTTP/2 SETTINGS from the server within " + timeoutMillis + " ms")))) {
                    ch.close();
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
            ready.whenComplete((c, e) -> timeout.cancel(false));
        }
        return ready;
    }

    SocketAddress address() {
        return address;
    }

    /** Whether new calls may use this connection: open, not going away. */
    boolean isUsable() {
        Channel ch = channel;
        return !draining && ch != null && ch.isActive();
    }

    /**
     * Takes one of the connection's stream slots for a call; {@code false} when it has none left or
     * is not usable. A slot taken is given back when the call's stream closes, or by {@link #open}
     * when no stream could be opened.
     */
    boolean tryReserveStream() {
        while (true) {
            int inUse = streamsInUse.get();
            if (!isUsable() || inUse >= maxConcurrentStreams) {
                return false;
            }
            if (streamsInUse.compareAndSet(inUse, inUse + 1)) {
                return true;
            }
        }
    }

    /** Streams in use or reserved now. */
    int streamsInUse() {
        return streamsInUse.get();
    }

    /** Opens {@code call}'s stream (with a slot reserved by {@link #tryReserveStream()}) and sends its headers. */
    void open(GrpcClientCall<?, ?> call) {
        Channel ch = channel;
        try {
            ch.eventLoop().execute(() -> doOpen(call));
        } catch (RuntimeException e) {
            streamsInUse.decrementAndGet();
            call.refused(GrpcStatus.of(GrpcStatus.Code.UNAVAILABLE, "connection to " + address + " is closed"));
        }
    }

    private void doOpen(GrpcClientCall<?, ?> call) {
        if (call.isFinished()) {
            streamsInUse.decrementAndGet();
            return;
        }
        if (draining || !ctx.channel().isActive()) {
            streamsInUse.decrementAndGet();
            call.refused(GrpcStatus.of(GrpcStatus.Code.UNAVAILABLE, "connection to " + address + " is closing"));
            return;
        }
        int streamId = connection().local().incrementAndGetNextStreamId();
        if (streamId < 0) {
            draining = true;
            streamsInUse.decrementAndGet();
            call.refused(GrpcStatus.of(GrpcStatus.Code.UNAVAILABLE, "stream ids of the connection to " + address
                + " are exhausted"));
            return;
        }
        ChannelPromise promise = ctx.newPromise();
        encoder().writeHeaders(ctx, streamId, call.requestHeaders(authority), 0, false, promise);
        Http2Stream stream = connection().stream(streamId);
        if (stream == null) {
            streamsInUse.decrementAndGet();
            call.refused(GrpcStatus.of(GrpcStatus.Code.UNAVAILABLE, "could not open a stream to " + address + ": "
                + (promise.cause() == null ? "refused" : promise.cause().getMessage())));
            return;
        }
        stream.setProperty(callKey, call);
        call.opened(this, stream, ctx.channel().eventLoop());
        flushSoon();
    }

    /** Writes a DATA frame of {@code call}'s stream; {@code written} runs once it left (or failed). */
    void writeData(Http2Stream stream, ByteBuf data, boolean endStream, ChannelFutureListener written) {
        ChannelPromise promise = ctx.newPromise();
        promise.addListener(written);
        encoder().writeData(ctx, stream.id(), data == null ? Unpooled.EMPTY_BUFFER : data, 0, endStream, promise);
        flushSoon();
    }

    /** Resets {@code stream} with CANCEL, unless it is closed already. */
    void cancel(Http2Stream stream) {
        if (stream.state() != Http2Stream.State.CLOSED) {
            resetStream(ctx, stream.id(), Http2Error.CANCEL.code(), ctx.newPromise());
            flushSoon();
        }
    }

    /** Gives {@code bytes} back to the server's window of {@code stream}: the application took them. */
    void consumeBytes(Http2Stream stream, int bytes) {
        if (bytes <= 0 || stream.state() == Http2Stream.State.CLOSED) {
            return;
        }
        try {
            if (connection().local().flowController().consumeBytes(stream, bytes)) {
                flushSoon();
            }
        } catch (Http2Exception e) {
            log.debug("gRPC connection to {}: returning {} bytes of stream {}", address, bytes, stream.id(), e);
        }
    }

    private void flushSoon() {
        deferredFlush.request();
    }

    /** Closes the connection; its calls fail. */
    void close() {
        draining = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    private void closeIfDrained() {
        if (draining && ctx != null) {
            ctx.executor().execute(() -> {
                if (connection().numActiveStreams() == 0 && ctx.channel().isActive()) {
                    ctx.close();
                }
            });
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        this.channel = ctx.channel();
        this.deferredFlush = new DeferredFlush(ctx.executor(), () -> flush(ctx));
        super.handlerAdded(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        draining = true;
        channelClosed = true;
        ready.completeExceptionally(new ConnectFailedException(address,
            new IOException("connection closed before the server's HTTP/2 SETTINGS")));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        log.debug("gRPC connection to {}: {}", address, cause.toString());
        super.exceptionCaught(ctx, cause);
    }

    private GrpcClientCall<?, ?> callOf(int streamId) {
        Http2Stream stream = connection().stream(streamId);
        return stream == null ? null : stream.getProperty(callKey);
    }

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
        GrpcClientCall<?, ?> call = callOf(streamId);
        if (call == null) {
            return data.readableBytes() + padding;
        }
        return call.inboundData(data.retain(), endOfStream) + padding;
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                              boolean endOfStream) {
        GrpcClientCall<?, ?> call = callOf(streamId);
        if (call != null) {
            call.inboundHeaders(headers, endOfStream);
        }
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                              short weight, boolean exclusive, int padding, boolean endOfStream) {
        onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
        GrpcClientCall<?, ?> call = callOf(streamId);
        if (call != null) {
            call.inboundReset(errorCode);
        }
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
        Long max = settings.maxConcurrentStreams();
        if (max != null) {
            maxConcurrentStreams = (int) Math.min(Integer.MAX_VALUE, max);
        }
        ready.complete(this);
    }

    @Override
    public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
                               boolean exclusive) {
    }

    @Override
    public void onSettingsAckRead(ChannelHandlerContext ctx) {
    }

    @Override
    public void onPingRead(ChannelHandlerContext ctx, long data) {
    }

    @Override
    public void onPingAckRead(ChannelHandlerContext ctx, long data) {
    }

    @Override
    public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId,
                                  Http2Headers headers, int padding) {
    }

    @Override
    public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
    }

    @Override
    public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {
    }

    @Override
    public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags,
                               ByteBuf payload) {
    }

    private static String authorityOf(SocketAddress address) {
        if (address instanceof java.net.InetSocketAddress) {
            java.net.InetSocketAddress inet = (java.net.InetSocketAddress) address;
            String host = inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return address.toString();
    }
}
