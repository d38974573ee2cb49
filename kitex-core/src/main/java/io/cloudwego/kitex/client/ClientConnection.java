package io.cloudwego.kitex.client;

import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.errors.ConnectionClosedException;
import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.errors.KitexException;
import io.cloudwego.kitex.errors.OverLimitException;
import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.remote.InboundMessage;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.MethodPayload;
import io.cloudwego.kitex.remote.codec.ttheader.BizExtra;
import io.cloudwego.kitex.remote.codec.ttheader.StringKey;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.remote.netty.WriteQueue;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: writes requests, matches replies to their calls by sequence id, and fails
 * every call in flight when the connection closes. A {@code crrst} from the server, on a reply or on
 * a control frame (sequence id 0), retires the connection and tells the client the instance is
 * stopping.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    /** One counter per process, as Kitex: starts at 1 and never yields 0. */
    private static final AtomicInteger SEQ_IDS = new AtomicInteger();

    private final SocketAddress address;
    private final Consumer<SocketAddress> onStopping;
    private final Map<Integer, PendingCall> inFlight = new ConcurrentHashMap<>();
    private volatile Channel channel;
    private volatile WriteQueue writeQueue;
    private volatile boolean retired;
    private volatile long lastUsedNanos = System.nanoTime();

    /** @param onStopping told the address when the server says it is stopping */
    ClientConnection(SocketAddress address, Consumer<SocketAddress> onStopping) {
        this.address = address;
        this.onStopping = onStopping;
    }

    static int nextSeqId() {
        int id;
        do {
            id = SEQ_IDS.incrementAndGet();
        } while (id == 0);
        return id;
    }

    void attach(Channel channel) {
        this.channel = channel;
        this.writeQueue = new WriteQueue(channel);
    }

    SocketAddress address() {
        return address;
    }

    Channel channel() {
        return channel;
    }

    /** Whether new calls may use this connection. */
    boolean isUsable() {
        return !retired && channel.isActive();
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    void touch() {
        lastUsedNanos = System.nanoTime();
    }

    int inFlightCalls() {
        return inFlight.size();
    }

    /**
     * Writes {@code request} for {@code call}; the connection owns the buffer from now on. A oneway
     * call completes once written; any other completes on its reply. A connection retired meanwhile
     * takes no new request: the call fails as never sent.
     */
    void send(PendingCall call, int seqId, ByteBuf request, boolean oneway) {
        call.bind(this, seqId);
        // Tracked before retired is read, as forget() reads them the other way round: either the
        // connection is not closed under the call, or the call sees it retired.
        inFlight.put(seqId, call);
        if (retired || !channel.isActive()) {
            request.release();
            call.failOn(this, new ConnectionClosedException("connection to " + address + " is closing", false));
            return;
        }
        writeQueue.enqueue(request, channel.newPromise().addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                call.failOn(this, new ConnectionClosedException("write to " + address + " failed: " + f.cause(), false));
                return;
            }
            call.written();
            if (oneway) {
                call.complete(null);
            }
        }));
    }

    /** Stops tracking {@code call}; closes the connection if it is retired and idle. */
    void forget(PendingCall call) {
        inFlight.remove(call.seqId(), call);
        if (retired && inFlight.isEmpty()) {
            close();
        }
    }

    /** No new calls go on this connection; it closes once the calls on it finish. */
    void retire() {
        retired = true;
        if (inFlight.isEmpty()) {
            close();
        }
    }

    void close() {
        retired = true;
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        InboundMessage reply = (InboundMessage) msg;
        try {
            PendingCall call = inFlight.get(reply.message().seqId());
            if (call == null) {
                if (reply.message().seqId() == 0 && reply.header() != null && isConnectionReset(reply.header())) {
                    log.debug("{} is stopping: it sent a control frame with crrst", address);
                    serverStopping();
                    return;
                }
                log.debug("dropping a reply to {} from {} whose call has finished (seq {})",
                    reply.message().method(), address, reply.message().seqId());
                return;
            }
            readReply(call, reply);
        } finally {
            reply.release();
        }
    }

    private void readReply(PendingCall call, InboundMessage reply) {
        TTHeader header = reply.header();
        if (header != null && header.hasStringInfo()) {
            Map<String, String> info = header.stringInfo();
            if ("1".equals(info.get(StringKey.CONNECTION_RESET))) {
                serverStopping();
            }
            call.info.metainfo().receiveBackward(backwardValues(info));
        }
        try {
            MessageType type = reply.message().type();
            if (reply.payloadCodec() != call.payload.payloadCodec()) {
                throw new ProtocolException("bad-payload-codec", "a " + reply.payloadCodec() + " reply to a "
                    + call.payload.payloadCodec() + " call of " + call.info.method());
            }
            if (type == MessageType.EXCEPTION) {
                RemoteApplicationException error = MethodPayload.readApplicationException(reply.payloadCodec(), reply.body());
                call.fail(OverLimitException.isOverLimit(error) ? new OverLimitException(error.getMessage()) : error);
                return;
            }
            if (type != MessageType.REPLY) {
                throw new ProtocolException("bad-message-type", "a " + type + " message in reply to " + call.info.method());
            }
            if (!reply.message().method().equals(call.info.method())) {
                throw new ProtocolException("wrong-method-name", "reply for method " + reply.message().method()
                    + " to a call of " + call.info.method());
            }
            BizStatusException biz = header == null ? null : bizStatus(header);
            if (biz != null) {
                call.fail(biz);
                return;
            }
            call.complete(call.payload.readReply(reply.body()));
        } catch (IdlException | KitexException e) {
            call.fail(e);
        } catch (RuntimeException e) {
            call.fail(new ProtocolException("bad-result", "decode result of " + call.info.method() + ": " + e));
        }
    }

    private static boolean isConnectionReset(TTHeader header) {
        return header.hasStringInfo() && "1".equals(header.stringInfo().get(StringKey.CONNECTION_RESET));
    }

    /** The server said it is stopping: no new calls here, and the connection closes once its calls finish. */
    private void serverStopping() {
        retired = true;
        onStopping.accept(address);
        if (inFlight.isEmpty()) {
            close();
        }
    }

    private static BizStatusException bizStatus(TTHeader header) {
        String status = header.stringValue(StringKey.BIZ_STATUS);
        if (status == null || status.isEmpty()) {
            return null;
        }
        int code;
        try {
            code = Integer.parseInt(status);
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad-biz-status", "biz-status is not a number: " + status);
        }
        if (code == 0) {
            return null;
        }
        String message = header.stringValue(StringKey.BIZ_MESSAGE);
        String extra = header.stringValue(StringKey.BIZ_EXTRA);
        return new BizStatusException(code, message == null ? "" : message,
            extra == null || extra.isEmpty() ? Map.of() : BizExtra.fromJson(extra));
    }

    private static Map<String, String> backwardValues(Map<String, String> info) {
        Map<String, String> backward = new HashMap<>(info);
        backward.remove(StringKey.CONNECTION_RESET);
        backward.remove(StringKey.BIZ_STATUS);
        backward.remove(StringKey.BIZ_MESSAGE);
        backward.remove(StringKey.BIZ_EXTRA);
        return backward;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        retired = true;
        for (PendingCall call : inFlight.values()) {
            call.failOn(this, call.isWritten()
                ? new ConnectionClosedException("connection to " + address + " closed with the call in flight", true)
                : new ConnectionClosedException("connection to " + address + " closed before the request was written",
                    false));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        retired = true;
        if (root instanceof ProtocolException) {
            log.warn("closing connection to {}: {}", address, root.getMessage());
            for (PendingCall call : inFlight.values()) {
                call.fail(root);
            }
        } else {
            log.debug("connection to {} failed", address, root);
        }
        ctx.close();
    }

    @Override
    public String toString() {
        return "connection to " + address + " (" + inFlight.size() + " in flight" + (retired ? ", retired" : "") + ")";
    }
}
