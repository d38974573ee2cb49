package io.cloudwego.kitex.server;

import static io.cloudwego.kitex.internal.Futures.unwrap;

import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.limit.Permit;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.remote.EncodedSize;
import io.cloudwego.kitex.remote.FrameEncoder;
import io.cloudwego.kitex.remote.InboundMessage;
import io.cloudwego.kitex.remote.MessageHeader;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.MethodPayload;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.ttheader.BizExtra;
import io.cloudwego.kitex.remote.codec.ttheader.IntKey;
import io.cloudwego.kitex.remote.codec.ttheader.StringKey;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.remote.netty.WriteQueue;
import io.cloudwego.kitex.rpcinfo.EndpointInfo;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection: routes each request to its method, runs the handler where the service
 * asked, and writes the reply in the request's framing as soon as it is ready, so requests on one
 * connection are served concurrently and answered out of order.
 *
 * <p>While the server drains, a Thrift connection goes on serving, its TTHeader replies marked
 * {@code crrst}, and closes only once no call is in flight on it and its client can no longer be
 * sending: see {@link #closeIfDrained()}.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ServerConnection.class);

    /** The method name of the control frame, as Kitex's mux server; its body is an empty struct. */
    private static final String CONTROL_FRAME_METHOD = "none";

    private final KitexServer server;
    private final AtomicInteger callsInFlight = new AtomicInteger();
    private Channel channel;
    private WriteQueue writeQueue;
    /** The framing of the last request, {@code null} before the first; event loop only. */
    private Transport lastTransport;
    /** Whether the last request's client matches replies by sequence id ({@link TTHeader#FLAG_SUPPORT_OUT_OF_ORDER}); event loop only. */
    private boolean outOfOrderClient;
    /** Whether a reply marked {@code crrst} has been written. */
    private volatile boolean crrstSent;
    /** Whether the control frame with {@code crrst} has been written; event loop only. */
    private boolean controlFrameSent;

    ServerConnection(KitexServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        writeQueue = new WriteQueue(channel);
        server.connectionOpened(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.connectionClosed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        InboundMessage request = (InboundMessage) msg;
        lastTransport = request.transport();
        outOfOrderClient = request.header() != null
            && (request.header().flags() & TTHeader.FLAG_SUPPORT_OUT_OF_ORDER) != 0;
        requestStarted();
        boolean dispatched = false;
        try {
            dispatched = dispatch(request);
        } finally {
            request.release();
            if (!dispatched) {
                requestFinished();
            }
        }
    }

    private void requestStarted() {
        server.metrics().requestStarted();
        callsInFlight.incrementAndGet();
    }

    private void requestFinished() {
        server.metrics().requestFinished();
        if (callsInFlight.decrementAndGet() == 0 && server.isDraining() && channel.isActive()) {
            if (channel.eventLoop().inEventLoop()) {
                closeIfDrained();
            } else {
                try {
                    channel.eventLoop().execute(this::closeIfDrained);
                } catch (RejectedExecutionException e) {
                    // The server has stopped and closed every connection.
                }
            }
        }
    }

    /** Routes and decodes {@code request}; returns whether a handler was started (which then finishes the request). */
    private boolean dispatch(InboundMessage request) {
        MessageHeader message = request.message();
        if (message.type() != MessageType.CALL && message.type() != MessageType.ONEWAY) {
            replyError(request, new RemoteApplicationException(RemoteApplicationException.INVALID_MESSAGE_TYPE,
                "invalid message type " + message.type() + " for a request"));
            return false;
        }
        Permit permit = server.limiter().tryAcquire();
        if (!permit.isGranted()) {
            replyError(request, new RemoteApplicationException(RemoteApplicationException.INTERNAL_ERROR,
                permit.refusedBy().message()));
            return false;
        }
        boolean dispatched = false;
        try {
            dispatched = dispatch(request, permit);
            return dispatched;
        } finally {
            if (!dispatched) {
                permit.release();
            }
        }
    }

    /** {@link #dispatch(InboundMessage)} once the limiter has admitted the request with {@code permit}. */
    private boolean dispatch(InboundMessage request, Permit permit) {
        MessageHeader message = request.message();
        TTHeader header = request.header();
        String serviceName = header == null ? null : header.stringValue(StringKey.IDL_SERVICE_NAME);
        ServiceTable.Route route;
        if (serviceName != null && !serviceName.isEmpty()) {
            if (!server.services().hasService(serviceName)) {
                replyError(request, new RemoteApplicationException(RemoteApplicationException.UNKNOWN_SERVICE,
                    "unknown service " + serviceName + ", method " + message.method()));
                return false;
            }
            route = server.services().route(request.payloadCodec(), serviceName, message.method());
        } else {
            route = server.services().route(request.payloadCodec(), message.method());
        }
        if (route == null) {
            replyError(request, new RemoteApplicationException(RemoteApplicationException.UNKNOWN_METHOD,
                "unknown method " + message.method()
                    + (serviceName == null || serviceName.isEmpty() ? "" : " (service " + serviceName + ")")));
            return false;
        }
        Object args;
        try {
            args = route.payload().readRequest(request.body());
        } catch (ProtocolException e) {
            replyError(request, new RemoteApplicationException(RemoteApplicationException.PROTOCOL_ERROR,
                "decode args of " + message.method() + ": " + e.getMessage()));
            return false;
        } catch (RuntimeException e) {
            replyError(request, new RemoteApplicationException(RemoteApplicationException.PROTOCOL_ERROR,
                "decode args of " + message.method() + ": " + e));
            return false;
        }
        RpcInfo info = newRpcInfo(request, route);
        ReplyTarget target = ReplyTarget.of(request);
        Runnable task = () -> invoke(route, info, args, target, permit);
        if (route.execution() == HandlerExecution.EVENT_LOOP) {
            task.run();
        } else {
            try {
                server.executor().execute(task);
            } catch (RejectedExecutionException e) {
                finish(route, info, target, permit, null, new RemoteApplicationException(
                    RemoteApplicationException.INTERNAL_ERROR, "server overloaded: the handler executor rejected the call"));
            }
        }
        return true;
    }

    private RpcInfo newRpcInfo(InboundMessage request, ServiceTable.Route route) {
        TTHeader header = request.header();
        String fromService = null;
        String fromMethod = null;
        Duration timeout = Duration.ZERO;
        Map<String, String> stringInfo = null;
        if (header != null) {
            fromService = header.intValue(IntKey.FROM_SERVICE);
            fromMethod = header.intValue(IntKey.FROM_METHOD);
            stringInfo = header.hasStringInfo() ? header.stringInfo() : null;
            if (server.honorsRpcTimeout()) {
                timeout = parseMillis(header.intValue(IntKey.RPC_TIMEOUT));
            }
        }
        return new RpcInfo(
            new EndpointInfo(fromService, fromMethod, channel.remoteAddress()),
            new EndpointInfo(server.serviceName(), request.message().method(), channel.localAddress()),
            route.service().name(), route.payload().method(), route.payload().kind(), route.payload().descriptor(),
            request.transport(), timeout,
            Metainfo.ofRequest(stringInfo));
    }

    private static Duration parseMillis(String value) {
        if (value == null || value.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            long millis = Long.parseLong(value);
            return millis > 0 ? Duration.ofMillis(millis) : Duration.ZERO;
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    private void invoke(ServiceTable.Route route, RpcInfo info, Object args, ReplyTarget target, Permit permit) {
        CompletableFuture<Object> result;
        try (RpcInfo.Scope ignored = RpcInfo.makeCurrent(info);
             Metainfo.Scope ignored2 = info.metainfo().makeCurrent()) {
            result = route.endpoint().call(info, args);
            if (result == null) {
                result = CompletableFuture.failedFuture(new NullPointerException("handler returned no future"));
            }
        } catch (Throwable t) {
            result = CompletableFuture.failedFuture(t);
        }
        Duration remaining = info.remainingTime();
        if (remaining != null && !result.isDone()) {
            // Time out a copy: completing the handler's own future would skip the stages the
            // handler chained on it (a whenComplete that releases a resource, say).
            CompletableFuture<Object> bounded = result.copy();
            ScheduledFuture<?> timer = channel.eventLoop().schedule(
                () -> bounded.completeExceptionally(new RpcTimeoutException(info.method(), info.rpcTimeout())),
                remaining.toNanos(), TimeUnit.NANOSECONDS);
            result.whenComplete((r, e) -> timer.cancel(false));
            result = bounded;
        }
        result.whenComplete((value, error) -> finish(route, info, target, permit, value, error));
    }

    private void finish(ServiceTable.Route route, RpcInfo info, ReplyTarget target, Permit permit, Object value,
                        Throwable error) {
        info.stats().finish();
        permit.release();
        try {
            if (target.message.type() == MessageType.ONEWAY) {
                if (error != null) {
                    log.debug("oneway {} failed", target.message.method(), error);
                }
                return;
            }
            writeReply(route, info, target, value, unwrap(error));
        } finally {
            requestFinished();
        }
    }

    private void writeReply(ServiceTable.Route route, RpcInfo info, ReplyTarget target, Object value, Throwable error) {
        MethodPayload payload = route.payload();
        TTHeader header = target.transport.isTTHeader() ? newReplyHeader(target, info.metainfo()) : null;
        ByteBuf reply;
        try {
            if (error == null) {
                reply = encode(target, header, MessageType.REPLY, out -> payload.writeSuccess(out, value),
                    payload.replySize());
            } else if (payload.declares(error)) {
                reply = encode(target, header, MessageType.REPLY, out -> payload.writeDeclared(out, (IdlException) error),
                    null);
            } else if (error instanceof BizStatusException && header != null) {
                BizStatusException biz = (BizStatusException) error;
                header.stringInfo().put(StringKey.BIZ_STATUS, Integer.toString(biz.statusCode()));
                header.stringInfo().put(StringKey.BIZ_MESSAGE, biz.statusMessage());
                if (!biz.extra().isEmpty()) {
                    header.stringInfo().put(StringKey.BIZ_EXTRA, BizExtra.toJson(biz.extra()));
                }
                reply = encode(target, header, MessageType.REPLY,
                    out -> MethodPayload.writeEmptyReply(target.payloadCodec, out), null);
            } else {
                reply = encodeError(target, header, applicationException(error));
            }
        } catch (RuntimeException e) {
            log.warn("encoding the reply of {} failed", target.message.method(), e);
            reply = encodeError(target, header, new RemoteApplicationException(
                RemoteApplicationException.INTERNAL_ERROR, "encode reply of " + target.message.method() + ": " + e));
        }
        writeQueue.enqueue(reply, null);
    }

    private static RemoteApplicationException applicationException(Throwable error) {
        if (error instanceof RemoteApplicationException) {
            RemoteApplicationException e = (RemoteApplicationException) error;
            return new RemoteApplicationException(e.type(), e.getMessage() + " [biz error]");
        }
        if (error instanceof RpcTimeoutException) {
            return new RemoteApplicationException(RemoteApplicationException.INTERNAL_ERROR, error.getMessage());
        }
        if (!(error instanceof BizStatusException)) {
            log.debug("handler failed", error);
        }
        String detail = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        return new RemoteApplicationException(RemoteApplicationException.INTERNAL_ERROR, "biz error: " + detail);
    }

    private TTHeader newReplyHeader(ReplyTarget target, Metainfo metainfo) {
        TTHeader header = new TTHeader().seqId(target.headerSeqId);
        Map<String, String> backward = metainfo.backwardToSend();
        if (!backward.isEmpty()) {
            header.stringInfo().putAll(backward);
        }
        if (server.isDraining()) {
            header.stringInfo().put(StringKey.CONNECTION_RESET, "1");
            crrstSent = true;
        }
        return header;
    }

    /** Answers a request that never reached a handler. */
    private void replyError(InboundMessage request, RemoteApplicationException error) {
        log.debug("rejecting {} from {}: {}", request.message().method(), channel.remoteAddress(), error.getMessage());
        if (request.message().type() == MessageType.ONEWAY) {
            return;
        }
        ReplyTarget target = ReplyTarget.of(request);
        TTHeader header = target.transport.isTTHeader() ? newReplyHeader(target, Metainfo.EMPTY) : null;
        writeQueue.enqueue(encodeError(target, header, error), null);
    }

    private ByteBuf encodeError(ReplyTarget target, TTHeader header, RemoteApplicationException error) {
        if (header != null) {
            header.intInfo().put(IntKey.MSG_TYPE, MessageType.EXCEPTION.idText());
        }
        return encode(target, header, MessageType.EXCEPTION,
            out -> MethodPayload.writeApplicationException(target.payloadCodec, out, error), null);
    }

    private ByteBuf encode(ReplyTarget target, TTHeader header, MessageType type, Consumer<ByteBuf> body,
                           EncodedSize size) {
        if (header != null) {
            header.intInfo().putIfAbsent(IntKey.MSG_TYPE, type.idText());
        }
        return FrameEncoder.encode(channel.alloc(), target.transport, header, target.payloadCodec,
            new MessageHeader(target.message.method(), type, target.message.seqId()), body, size);
    }

    /**
     * Starts draining: a gRPC connection's client is told that it takes no new streams (GOAWAY); a
     * Thrift connection closes if it already may ({@link #closeIfDrained()}).
     */
    void startDraining() {
        GrpcServerHandler grpc = grpc();
        if (grpc != null) {
            grpc.drain();
        } else {
            channel.eventLoop().execute(this::closeIfDrained);
        }
    }

    private GrpcServerHandler grpc() {
        return channel == null ? null : channel.pipeline().get(GrpcServerHandler.class);
    }

    /**
     * Whether the drain is done with this connection: it is closed, or it is a gRPC connection whose
     * client knows its last stream and has none left open.
     */
    boolean isDrained() {
        if (!channel.isActive()) {
            return true;
        }
        GrpcServerHandler grpc = grpc();
        return grpc != null && grpc.isDrained();
    }

    /**
     * Closes a draining Thrift connection with no call in flight once its client can no longer be
     * sending on it, so that no request is lost unread:
     * <ul>
     *   <li>Framed and Buffered clients cannot be told the server is stopping: closed at once.
     *   <li>A TTHeader client that sends one call at a time stops using a connection once it has a
     *       reply marked {@code crrst}: closed once one was written.
     *   <li>A TTHeader client that multiplexes ({@link TTHeader#FLAG_SUPPORT_OUT_OF_ORDER}) may have
     *       more requests on the way: it is sent a control frame marked {@code crrst} (sequence id 0,
     *       as Kitex's mux server) and closes the connection itself once its calls are answered.
     * </ul>
     * Other connections (a TTHeader client idle since before the drain; a client that has sent
     * nothing yet) stay open until their client closes them or the exit wait ends.
     */
    private void closeIfDrained() {
        Transport transport = lastTransport;
        if (!server.isDraining() || callsInFlight.get() > 0 || !channel.isActive() || transport == null) {
            return;
        }
        if (!transport.isTTHeader() || crrstSent && !outOfOrderClient) {
            closeAfterPendingWrites();
        } else if (outOfOrderClient && !controlFrameSent) {
            controlFrameSent = true;
            TTHeader header = new TTHeader().seqId(0);
            header.stringInfo().put(StringKey.CONNECTION_RESET, "1");
            writeQueue.enqueue(encode(new ReplyTarget(transport, PayloadCodec.THRIFT, 0,
                    new MessageHeader(CONTROL_FRAME_METHOD, MessageType.REPLY, 0)),
                header, MessageType.REPLY, out -> out.writeByte(0), null), null);
        }
    }

    /**
     * Closes the connection once every reply queued before now has been written.
     *
     * @return the connection's close future
     */
    ChannelFuture closeAfterPendingWrites() {
        writeQueue.enqueue(Unpooled.EMPTY_BUFFER, channel.newPromise().addListener(ChannelFutureListener.CLOSE));
        return channel.closeFuture();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            log.debug("closing idle connection from {}", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof ProtocolException) {
            ProtocolException e = (ProtocolException) root;
            server.metrics().protocolError(e.reason());
            log.warn("closing connection from {}: {} ({})", ctx.channel().remoteAddress(), e.getMessage(), e.reason());
        } else if (root instanceof IOException) {
            log.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), root.toString());
        } else {
            server.metrics().protocolError("internal-error");
            log.warn("closing connection from {} after an unexpected error", ctx.channel().remoteAddress(), root);
        }
        ctx.close();
    }

    /** Where and how a reply goes: the request's framing, format, TTHeader seq id and message header. */
    private record ReplyTarget(Transport transport, PayloadCodec payloadCodec, int headerSeqId, MessageHeader message) {

        static ReplyTarget of(InboundMessage request) {
            return new ReplyTarget(request.transport(), request.payloadCodec(),
                request.header() == null ? 0 : request.header().seqId(), request.message());
        }
    }
}
