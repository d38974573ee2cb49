package io.cloudwego.kitex.server;

import io.cloudwego.kitex.limit.Permit;
import io.cloudwego.kitex.remote.codec.grpc.Compressor;
import io.cloudwego.kitex.remote.codec.grpc.GrpcHeaders;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.remote.codec.grpc.GrpcTimeout;
import io.cloudwego.kitex.remote.netty.DeferredFlush;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2CodecUtil;
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
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/2 side of a gRPC connection: validates and routes each new stream, and hands its frames
 * to its {@link GrpcServerStream}. Installed by {@link ProtocolDetector} on the HTTP/2 preface.
 */
final class GrpcServerHandler extends Http2ConnectionHandler implements Http2FrameListener {
    private static final Logger log = LoggerFactory.getLogger(GrpcServerHandler.class);
    static final String ACCEPT_ENCODING = "gzip";

    /** The payload of the PING between the two GOAWAYs of a drain. */
    private static final long DRAIN_PING = 0x6b69746578647261L;
    /** How long a drain waits for its PING's acknowledgement before naming the last stream anyway. */
    private static final Duration DRAIN_PING_TIMEOUT = Duration.ofSeconds(10);

    private final KitexServer server;
    private final Http2Connection.PropertyKey callKey;
    private final Http2Connection.PropertyKey permitKey;
    private ChannelHandlerContext ctx;
    private DeferredFlush deferredFlush;
    /** Event loop only, but read by {@link #isDrained()} from the stopping thread. */
    private volatile boolean finalGoAwaySent;
    private ScheduledFuture<?> drainPingTimeout;

    private GrpcServerHandler(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                              Http2Settings initialSettings, KitexServer server) {
        super(decoder, encoder, initialSettings);
        this.server = server;
        this.callKey = connection().newKey();
        this.permitKey = connection().newKey();
        connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                Permit permit = stream.getProperty(permitKey);
                if (permit != null) {
                    permit.release();
                }
                GrpcServerStream call = stream.getProperty(callKey);
                if (call != null) {
                    call.cancel(GrpcStatus.of(GrpcStatus.Code.CANCELLED, "stream closed before the call completed"));
                }
            }
        });
    }

    /** A handler for a new connection of {@code server}. */
    static GrpcServerHandler create(KitexServer server) {
        return new Builder(server).build();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        this.deferredFlush = new DeferredFlush(ctx.executor(), this::flushNow);
        super.handlerAdded(ctx);
        int extra = server.grpcInitialWindowSize() - Http2CodecUtil.DEFAULT_WINDOW_SIZE;
        if (extra > 0) {
            connection().local().flowController().incrementWindowSize(connection().connectionStream(), extra);
            ctx.flush();
        }
    }

    KitexServer server() {
        return server;
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    /**
     * Writes what the flow controller allows and flushes once the tasks queued on the event loop
     * before now have run, so the responses they write leave together; event loop only.
     */
    void flushSoon() {
        deferredFlush.request();
    }

    /** Writes what the flow controller allows and flushes; event loop only. */
    void flushNow() {
        try {
            flush(ctx);
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    /**
     * Starts a graceful stop of this connection, in two steps as grpc-java's server does, so that no
     * stream is refused: a first GOAWAY (last stream 2^31-1) tells the client to open no new stream
     * here, and a PING follows; once the client acknowledges it, every stream it opened before it saw
     * the GOAWAY has arrived, and a second GOAWAY names the last one. Streams in flight complete.
     */
    void drain() {
        ctx.executor().execute(() -> {
            if (connection().goAwaySent() || !ctx.channel().isActive()) {
                return;
            }
            goAway(ctx, Integer.MAX_VALUE, Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER, ctx.newPromise());
            encoder().writePing(ctx, false, DRAIN_PING, ctx.newPromise());
            flushNow();
            drainPingTimeout = ctx.executor().schedule(this::sendFinalGoAway, DRAIN_PING_TIMEOUT.toMillis(),
                TimeUnit.MILLISECONDS);
        });
    }

    /** The second GOAWAY of {@link #drain()}; event loop only. */
    private void sendFinalGoAway() {
        if (finalGoAwaySent) {
            return;
        }
        finalGoAwaySent = true;
        if (drainPingTimeout != null) {
            drainPingTimeout.cancel(false);
        }
        if (ctx.channel().isActive()) {
            goAway(ctx, connection().remote().lastStreamCreated(), Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER,
                ctx.newPromise());
            flushNow();
        }
    }

    /** Whether the drain is done here: the last stream is named, and none is open. */
    boolean isDrained() {
        return finalGoAwaySent && connection().numActiveStreams() == 0;
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                              boolean endOfStream) throws Http2Exception {
        Http2Stream stream = connection().stream(streamId);
        GrpcServerStream existing = stream == null ? null : stream.getProperty(callKey);
        if (existing != null) {
            if (endOfStream) {
                existing.onData(Unpooled.EMPTY_BUFFER, true);
            }
            return;
        }
        if (stream == null) {
            return;
        }
        try {
            startCall(stream, headers, endOfStream);
        } catch (RuntimeException e) {
            log.warn("starting gRPC call {} from {} failed", headers.path(), ctx.channel().remoteAddress(), e);
            server.metrics().protocolError("internal-error");
            resetStream(ctx, streamId, Http2Error.INTERNAL_ERROR.code(), ctx.newPromise());
            flushNow();
        }
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                              short weight, boolean exclusive, int padding, boolean endOfStream) throws Http2Exception {
        onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }

    private void startCall(Http2Stream stream, Http2Headers headers, boolean endOfStream) {
        int streamId = stream.id();
        CharSequence path = headers.path();
        if (path == null || path.length() == 0 || headers.method() == null) {
            badRequest("grpc-bad-headers", "HEADERS without :path or :method");
            resetStream(ctx, streamId, Http2Error.PROTOCOL_ERROR.code(), ctx.newPromise());
            flushNow();
            return;
        }
        if (!HttpMethod.POST.asciiName().contentEquals(headers.method())) {
            badRequest("grpc-bad-method", "gRPC request with method " + headers.method());
            respondHttpError(streamId, HttpResponseStatus.METHOD_NOT_ALLOWED,
                "method " + headers.method() + " is not allowed: gRPC takes POST");
            return;
        }
        CharSequence contentType = headers.get(GrpcHeaders.CONTENT_TYPE);
        if (!GrpcHeaders.isGrpcContentType(contentType)) {
            badRequest("grpc-bad-content-type", "gRPC request with content-type " + contentType);
            respondHttpError(streamId, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                "content-type " + contentType + " is not gRPC's (application/grpc)");
            return;
        }
        String fullMethodName = path.charAt(0) == '/' ? path.subSequence(1, path.length()).toString() : path.toString();
        ServiceTable.GrpcRoute route = server.services().grpcRoute(fullMethodName);
        if (route == null) {
            int slash = fullMethodName.indexOf('/');
            String service = slash < 0 ? fullMethodName : fullMethodName.substring(0, slash);
            String description = server.services().hasGrpcService(service)
                ? "unknown method " + fullMethodName.substring(slash + 1) + " of service " + service
                : "unknown service " + service;
            log.debug("gRPC call to {} from {}: {}", path, ctx.channel().remoteAddress(), description);
            respondTrailersOnly(streamId, contentType, GrpcStatus.of(GrpcStatus.Code.UNIMPLEMENTED, description));
            return;
        }
        PayloadCodec served = route.service().payloadCodec();
        if (GrpcHeaders.payloadCodecOf(contentType) != served) {
            String description = "content-type " + contentType + " does not carry the messages of " + fullMethodName
                + ", which are " + (served == PayloadCodec.THRIFT ? "Thrift" : "Protobuf") + ": send "
                + GrpcHeaders.contentType(served);
            badRequest("grpc-bad-content-subtype", description);
            respondTrailersOnly(streamId, contentType, GrpcStatus.of(GrpcStatus.Code.INTERNAL, description));
            return;
        }
        Compressor decompressor = null;
        CharSequence encoding = headers.get(GrpcHeaders.ENCODING);
        if (encoding != null) {
            decompressor = Compressor.forName(encoding.toString());
            if (decompressor == null) {
                respondTrailersOnly(streamId, contentType, GrpcStatus.of(GrpcStatus.Code.UNIMPLEMENTED,
                    "grpc-encoding " + encoding + " is not supported; accepted: " + ACCEPT_ENCODING));
                return;
            }
        }
        Duration timeout = Duration.ZERO;
        CharSequence timeoutHeader = headers.get(GrpcHeaders.TIMEOUT);
        if (timeoutHeader != null) {
            try {
                timeout = GrpcTimeout.decode(timeoutHeader);
            } catch (IllegalArgumentException e) {
                badRequest("grpc-bad-timeout", e.getMessage());
                respondTrailersOnly(streamId, contentType, GrpcStatus.of(GrpcStatus.Code.INTERNAL, e.getMessage()));
                return;
            }
        }
        Permit permit = server.limiter().tryAcquire();
        if (!permit.isGranted()) {
            respondTrailersOnly(streamId, contentType,
                GrpcStatus.of(GrpcStatus.Code.RESOURCE_EXHAUSTED, permit.refusedBy().message()));
            return;
        }
        stream.setProperty(permitKey, permit);
        GrpcServerStream call = new GrpcServerStream(this, stream, route, fullMethodName, headers, decompressor,
            timeout, headers.get(GrpcHeaders.ACCEPT_ENCODING));
        stream.setProperty(callKey, call);
        call.start(endOfStream);
    }

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
        Http2Stream stream = connection().stream(streamId);
        GrpcServerStream call = stream == null ? null : stream.getProperty(callKey);
        if (call == null || call.isClosed()) {
            return data.readableBytes() + padding;
        }
        call.onData(data.retain(), endOfStream);
        return padding;
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
        Http2Stream stream = connection().stream(streamId);
        GrpcServerStream call = stream == null ? null : stream.getProperty(callKey);
        if (call != null) {
            call.cancel(GrpcStatus.of(GrpcStatus.Code.CANCELLED, "cancelled by the client (RST_STREAM "
                + errorCode + ")"));
        }
    }

    /** Bytes of {@code stream} the application has taken: they go back to the peer's windows. */
    void consumeBytes(Http2Stream stream, int bytes) {
        if (bytes <= 0 || stream.state() == Http2Stream.State.CLOSED) {
            return;
        }
        try {
            connection().local().flowController().consumeBytes(stream, bytes);
        } catch (Http2Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    /** Returns every byte of {@code stream} not yet consumed: the call no longer wants them. */
    void consumeAll(Http2Stream stream) {
        if (stream.state() != Http2Stream.State.CLOSED) {
            consumeBytes(stream, connection().local().flowController().unconsumedBytes(stream));
        }
    }

    private void respondHttpError(int streamId, HttpResponseStatus status, String message) {
        Http2Headers headers = new DefaultHttp2Headers().status(status.codeAsText())
            .set(GrpcHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
            .setInt(GrpcHeaders.STATUS, GrpcStatus.Code.INTERNAL.value())
            .set(GrpcHeaders.MESSAGE, GrpcStatus.encodeMessage(message));
        encoder().writeHeaders(ctx, streamId, headers, 0, true, ctx.newPromise());
        flushNow();
    }

    /** Ends a call at its start with {@code status}; the content type echoes the request's, a gRPC one. */
    private void respondTrailersOnly(int streamId, CharSequence requestContentType, GrpcStatus status) {
        Http2Headers headers = new DefaultHttp2Headers().status(HttpResponseStatus.OK.codeAsText())
            .set(GrpcHeaders.CONTENT_TYPE, requestContentType)
            .setInt(GrpcHeaders.STATUS, status.code().value());
        if (status.description() != null) {
            headers.set(GrpcHeaders.MESSAGE, GrpcStatus.encodeMessage(status.description()));
        }
        encoder().writeHeaders(ctx, streamId, headers, 0, true, ctx.newPromise());
        flushNow();
    }

    /** Counts and logs bad input on one stream; the connection goes on. */
    void badRequest(String reason, String message) {
        server.metrics().protocolError(reason);
        log.warn("bad gRPC request from {}: {} ({})", ctx.channel().remoteAddress(), message, reason);
    }

    @Override
    protected void onConnectionError(ChannelHandlerContext ctx, boolean outbound, Throwable cause,
                                     Http2Exception http2Ex) {
        if (!outbound) {
            server.metrics().protocolError("http2-connection-error");
            log.warn("closing HTTP/2 connection from {}: {}", ctx.channel().remoteAddress(),
                http2Ex != null ? http2Ex.getMessage() : String.valueOf(cause));
        }
        super.onConnectionError(ctx, outbound, cause, http2Ex);
    }

    @Override
    protected void onStreamError(ChannelHandlerContext ctx, boolean outbound, Throwable cause,
                                 Http2Exception.StreamException http2Ex) {
        if (!outbound) {
            server.metrics().protocolError("http2-stream-error");
            log.warn("resetting HTTP/2 stream {} from {}: {}", http2Ex.streamId(), ctx.channel().remoteAddress(),
                http2Ex.getMessage());
        }
        super.onStreamError(ctx, outbound, cause, http2Ex);
    }

    @Override
    public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
                               boolean exclusive) {
    }

    @Override
    public void onSettingsAckRead(ChannelHandlerContext ctx) {
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
    }

    @Override
    public void onPingRead(ChannelHandlerContext ctx, long data) {
    }

    @Override
    public void onPingAckRead(ChannelHandlerContext ctx, long data) {
        if (data == DRAIN_PING && connection().goAwaySent()) {
            sendFinalGoAway();
        }
    }

    @Override
    public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId, Http2Headers headers,
                                  int padding) {
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

    private static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<GrpcServerHandler, Builder> {
        private final KitexServer server;

        Builder(KitexServer server) {
            this.server = server;
            server(true);
            initialSettings(Http2Settings.defaultSettings().initialWindowSize(server.grpcInitialWindowSize())
                .maxHeaderListSize(server.grpcMaxHeaderListSize()));
            gracefulShutdownTimeoutMillis(server.exitWaitTime().toMillis());
        }

        @Override
        protected GrpcServerHandler build() {
            return super.build();
        }

        @Override
        protected GrpcServerHandler build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                          Http2Settings initialSettings) {
            GrpcServerHandler handler = new GrpcServerHandler(decoder, encoder, initialSettings, server);
            frameListener(handler);
            return handler;
        }
    }

}
