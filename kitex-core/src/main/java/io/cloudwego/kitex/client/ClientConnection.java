package io.cloudwego.kitex.client;

import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.errors.ConnectionClosedException;
import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.errors.KitexException;
import io.cloudwego.kitex.errors.ProtocolException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: writes requests, matches replies to their calls by sequence id, and fails
 * every call in flight when the connection closes.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    /** One counter per process, as Kitex: starts at 1 and never yields 0. */
    private static final AtomicInteger SEQ_IDS = new AtomicInteger();

    private final SocketAddress address;
    private final Map<Integer, PendingCall> inFlight = new ConcurrentHashMap<>();
    private volatile Channel channel;
    private volatile WriteQueue writeQueue;
    private volatile boolean retired;
    private volatile long lastUsedNanos = System.nanoTime();

    ClientConnection(SocketAddress address) {
        this.address = address;
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
     * call completes once written; any other completes on its reply.
     */
    void send(PendingCall call, int seqId, ByteBuf request, boolean oneway) {
        call.bind(this, seqId);
        if (!oneway) {
            inFlight.put(seqId, call);
            if (!channel.isActive()) {
                request.release();
                call.fail(new ConnectionClosedException("connection to " + address + " is closed", false));
                return;
            }
        }
        writeQueue.enqueue(request, channel.newPromise().addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                call.fail(new ConnectionClosedException("write to " + address + " failed: " + f.cause(), false));
            } else if (oneway) {
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
                retired = true;
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
                call.fail(MethodPayload.readApplicationException(reply.payloadCodec(), reply.body()));
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
            call.fail(new ConnectionClosedException("connection to " + address + " closed with the call in flight", true));
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
