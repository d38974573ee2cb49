package io.cloudwego.kitex.server;

import static io.cloudwego.kitex.internal.Futures.unwrap;

import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.limit.Permit;
import io.cloudwego.kitex.metainfo.Metainfo;
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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection: routes each request to its method, runs the handler where the service
 * asked, and writes the reply in the request's framing as soon as it is ready, so requests on one
 * connection are served concurrently and answered out of order.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ServerConnection.class);

    private final KitexServer server;
    private Channel channel;
    private WriteQueue writeQueue;

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
        server.metrics().requestStarted();
        boolean dispatched = false;
        try {
            dispatched = dispatch(request);
        } finally {
            request.release();
            if (!dispatched) {
                server.metrics().requestFinished();
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
            server.metrics().requestFinished();
        }
    }

    private void writeReply(ServiceTable.Route route, RpcInfo info, ReplyTarget target, Object value, Throwable error) {
        MethodPayload payload = route.payload();
        TTHeader header = target.transport.isTTHeader() ? newReplyHeader(target, info.metainfo()) : null;
        ByteBuf reply;
        try {
            if (error == null) {
                reply = encode(target, header, MessageType.REPLY, out -> payload.writeSuccess(out, value));
            } else if (payload.declares(error)) {
                reply = encode(target, header, MessageType.REPLY, out -> payload.writeDeclared(out, (IdlException) error));
            } else if (error instanceof BizStatusException && header != null) {
                BizStatusException biz = (BizStatusException) error;
                header.stringInfo().put(StringKey.BIZ_STATUS, Integer.toString(biz.statusCode()));
                header.stringInfo().put(StringKey.BIZ_MESSAGE, biz.statusMessage());
                if (!biz.extra().isEmpty()) {
                    header.stringInfo().put(StringKey.BIZ_EXTRA, BizExtra.toJson(biz.extra()));
                }
                reply = encode(target, header, MessageType.REPLY,
                    out -> MethodPayload.writeEmptyReply(target.payloadCodec, out));
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
            out -> MethodPayload.writeApplicationException(target.payloadCodec, out, error));
    }

    private ByteBuf encode(ReplyTarget target, TTHeader header, MessageType type, Consumer<ByteBuf> body) {
        if (header != null) {
            header.intInfo().putIfAbsent(IntKey.MSG_TYPE, type.idText());
        }
        return FrameEncoder.encode(channel.alloc(), target.transport, header, target.payloadCodec,
            new MessageHeader(target.message.method(), type, target.message.seqId()), body);
    }

    /** Tells a gRPC connection's client that it takes no new streams (GOAWAY); Thrift connections use {@code crrst}. */
    void startDraining() {
        GrpcServerHandler grpc = channel == null ? null : channel.pipeline().get(GrpcServerHandler.class);
        if (grpc != null) {
            grpc.drain();
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
