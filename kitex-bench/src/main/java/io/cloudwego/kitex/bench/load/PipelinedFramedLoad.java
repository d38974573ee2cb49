package io.cloudwego.kitex.bench.load;

import io.cloudwego.kitex.remote.netty.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The neutral load generator of framed-binary Thrift servers: a lean, pipelined Netty client on one
 * I/O thread. It writes a pre-encoded Framed Thrift CALL of {@code echo(1: EchoRequest req)} with
 * only the sequence id patched per call (the payload is never copied), keeps
 * {@link #CALLS_PER_CONNECTION} calls in flight on each connection, reads the replies by sequence
 * id and flushes once per read batch. The same frames, echoed as they are, load the raw Netty echo
 * server.
 */
public final class PipelinedFramedLoad implements LoadGenerator {
    /** Calls kept in flight on each connection; a load of N calls opens N / this connections. */
    public static final int CALLS_PER_CONNECTION = 10;

    private static final int VERSION_1 = 0x80010000;
    private static final byte CALL = 1;
    private static final byte REPLY = 2;
    private static final byte EXCEPTION = 3;
    private static final byte STRUCT = 12;
    private static final byte STRING = 11;
    private static final String METHOD = "echo";
    /** Frame length, version and type, method name length, method name, sequence id. */
    private static final int HEADER_BYTES = 4 + 4 + 4 + METHOD.length() + 4;
    private static final int SEQ_ID_OFFSET = HEADER_BYTES - 4;

    /** What a good answer to the pre-encoded call is. */
    public enum Answer {
        /** A Thrift server's REPLY: {@code echo_result {0: EchoResponse success}}, the same size as the call. */
        THRIFT_REPLY(REPLY),
        /** The call itself, echoed by a raw echo server. */
        ECHOED_CALL(CALL);

        private final byte messageType;

        Answer(byte messageType) {
            this.messageType = messageType;
        }
    }

    private final InetSocketAddress server;
    private final int inFlight;
    private final Answer answer;
    /** The pre-encoded call; each write sends a retained slice of its body, so it is never copied. */
    private final ByteBuf call;
    private final long[] startNanos;
    private final EventLoopGroup group = EventLoops.newGroup(1, "bench-neutral-client", true);
    private final List<Channel> channels = new ArrayList<>();

    /** Load of {@code inFlight} calls carrying a {@code payloadBytes} message to {@code server}. */
    public PipelinedFramedLoad(InetSocketAddress server, int inFlight, int payloadBytes, Answer answer) {
        this.server = server;
        this.inFlight = inFlight;
        this.answer = answer;
        this.call = encodeCall(Payloads.ascii(payloadBytes));
        this.startNanos = new long[inFlight];
    }

    /** The Framed strict-binary CALL {@code echo(1: EchoRequest{1: message})} with sequence id 0. */
    static ByteBuf encodeCall(String message) {
        byte[] name = METHOD.getBytes(StandardCharsets.US_ASCII);
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        ByteBuf frame = Unpooled.directBuffer();
        frame.writeInt(0)
            .writeInt(VERSION_1 | CALL).writeInt(name.length).writeBytes(name).writeInt(0)
            .writeByte(STRUCT).writeShort(1)
            .writeByte(STRING).writeShort(1).writeInt(text.length).writeBytes(text)
            .writeByte(0)
            .writeByte(0);
        frame.setInt(0, frame.readableBytes() - 4);
        return frame;
    }

    @Override
    public void run(Window window) throws Exception {
        int connections = (inFlight + CALLS_PER_CONNECTION - 1) / CALLS_PER_CONNECTION;
        Bootstrap bootstrap = new Bootstrap().group(group).channel(EventLoops.channelType())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);
        for (int c = 0; c < connections; c++) {
            List<Integer> slots = new ArrayList<>();
            for (int slot = c; slot < inFlight; slot += connections) {
                slots.add(slot);
            }
            Channel channel = bootstrap.handler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(64 * 1024 * 1024, 0, 4, 0, 0),
                        new Caller(slots, window));
                }
            }).connect(server).sync().channel();
            channels.add(channel);
        }
        window.awaitEnd();
    }

    /** Calls of one connection: starts its slots' calls, and the next call of a slot when its reply comes. */
    private final class Caller extends ChannelInboundHandlerAdapter {
        private final List<Integer> slots;
        private final Window window;

        Caller(List<Integer> slots, Window window) {
            this.slots = slots;
            this.window = window;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            for (int slot : slots) {
                send(ctx, slot);
            }
            ctx.flush();
        }

        private void send(ChannelHandlerContext ctx, int seqId) {
            ByteBuf header = ctx.alloc().directBuffer(HEADER_BYTES)
                .writeBytes(call, 0, SEQ_ID_OFFSET).writeInt(seqId);
            startNanos[seqId % inFlight] = System.nanoTime();
            ctx.write(header, ctx.voidPromise());
            ctx.write(call.retainedSlice(HEADER_BYTES, call.readableBytes() - HEADER_BYTES), ctx.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                long now = System.nanoTime();
                byte type = frame.getByte(7);
                int seqId = frame.getInt(12 + frame.getInt(8));
                if (frame.getInt(4) >>> 16 != VERSION_1 >>> 16 || seqId < 0) {
                    window.recordError("not a strict-binary Thrift message");
                    ctx.close();
                    return;
                }
                if (type == EXCEPTION) {
                    window.recordError("EXCEPTION reply to call " + seqId);
                } else if (type != answer.messageType || frame.readableBytes() != call.readableBytes()) {
                    window.recordError("unexpected answer: type " + type + ", " + frame.readableBytes() + " bytes");
                } else {
                    window.recordCall(startNanos[seqId % inFlight], now);
                }
                if (window.isOpen(now)) {
                    send(ctx, seqId + inFlight);
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            window.recordError(cause);
            ctx.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Channel channel : channels) {
            channel.close().await(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        call.release();
    }
}
