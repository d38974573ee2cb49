package io.cloudwego.kitex.samples.rpc;

import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.remote.FrameEncoder;
import io.cloudwego.kitex.remote.InboundMessage;
import io.cloudwego.kitex.remote.MessageHeader;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.thrift.ApplicationExceptionCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.remote.netty.FrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * One end of a TCP connection driven by hand: writes messages encoded by kitex-core's
 * {@link FrameEncoder} and reads what the other side sends with its {@link FrameDecoder}, so a test
 * sees exactly what went over the wire (TTHeader keys included) and whether anything else did.
 * Used as a client of a server, or, from {@link #accept}, as the server of a client.
 */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(64 * 1024 * 1024));

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code port} of 127.0.0.1. */
    static RawConnection connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new RawConnection(socket);
    }

    /** Accepts the next connection on {@code listener}, waiting at most {@code timeout}. */
    static RawConnection accept(ServerSocket listener, Duration timeout) throws IOException {
        listener.setSoTimeout((int) timeout.toMillis());
        return new RawConnection(listener.accept());
    }

    /** A TTHeader of a request: its seq id and, when not {@code null}, the {@code isn} key. */
    static TTHeader requestHeader(int seqId, String idlServiceName) {
        TTHeader header = new TTHeader().seqId(seqId);
        if (idlServiceName != null) {
            header.stringInfo().put("isn", idlServiceName);
        }
        return header;
    }

    /**
     * Sends a message whose args struct is {@code {1: string msg}}.
     *
     * @param header the TTHeader for TTHeader transports ({@code null}: one with just the seq id)
     */
    void send(Transport transport, TTHeader header, String method, MessageType type, int seqId, String msg)
        throws IOException {
        TTHeader h = header != null ? header : new TTHeader().seqId(seqId);
        ByteBuf frame = FrameEncoder.encode(UnpooledByteBufAllocator.DEFAULT, transport, h,
            new MessageHeader(method, type, seqId), w -> TestServices.MSG_ARGS.write(w, msg));
        byte[] bytes;
        try {
            bytes = ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads the next message, waiting at most {@code timeout}.
     *
     * @throws SocketTimeoutException when none arrives in time
     * @throws EOFException when the other side closes first
     */
    Received read(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] chunk = new byte[64 * 1024];
        while (true) {
            InboundMessage message = decoder.readInbound();
            if (message != null) {
                try {
                    return new Received(message.transport(), message.header(), message.message(),
                        ByteBufUtil.getBytes(message.body()));
                } finally {
                    message.release();
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no complete message within " + timeout.toMillis() + "ms");
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int n = in.read(chunk);
            if (n < 0) {
                throw new EOFException("the other side closed the connection");
            }
            decoder.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(chunk, n)));
        }
    }

    /** Whether the other side sends nothing at all (and keeps the connection open) for {@code quiet}. */
    boolean receivesNothingFor(Duration quiet) throws IOException {
        if (decoder.inboundMessages().size() > 0) {
            return false;
        }
        socket.setSoTimeout((int) quiet.toMillis());
        try {
            in.read(); // a byte, or the end of the stream: either way not silence
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed()) {
                try {
                    socket.setSoLinger(true, 0);
                } catch (SocketException e) {
                    // closed under us
                }
                socket.close();
            }
        } finally {
            decoder.finishAndReleaseAll();
        }
    }

    /** A message as it arrived: framing, TTHeader (or {@code null}), message header and body bytes. */
    record Received(Transport transport, TTHeader header, MessageHeader message, byte[] body) {

        /** The {@code {1: string msg}} args of a request. */
        String args() {
            return TestServices.MSG_ARGS.read(reader());
        }

        /** The {@code {0: string success}} of a REPLY. */
        String success() {
            return TestServices.stringResult(message.method()).read(reader());
        }

        /** The application exception of an EXCEPTION message. */
        RemoteApplicationException exception() {
            return ApplicationExceptionCodec.INSTANCE.read(reader());
        }

        /** A TTHeader string key of the message, or {@code null}. */
        String stringKey(String key) {
            return header == null ? null : header.stringValue(key);
        }

        /** A TTHeader int key of the message, or {@code null}. */
        String intKey(int key) {
            return header == null ? null : header.intValue(key);
        }

        private ThriftReader reader() {
            return new ThriftReader(Unpooled.wrappedBuffer(body));
        }
    }
}
