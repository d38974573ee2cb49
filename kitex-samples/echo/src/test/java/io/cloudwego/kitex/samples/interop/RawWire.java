package io.cloudwego.kitex.samples.interop;

import io.cloudwego.kitex.client.PoolType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.samples.echo.EchoService;
import io.cloudwego.kitex.samples.echo.EchoServiceClient;
import io.cloudwego.kitex.samples.echo.server.EchoServiceImpl;
import io.cloudwego.kitex.server.KitexServer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Hand-built wire bytes and a raw {@link Socket} connection, for feeding a server input no real
 * client would send. Everything is plain {@code byte[]}: no Netty buffers to release.
 */
final class RawWire {
    /** Thrift binary protocol type ids used when building bytes by hand. */
    static final byte T_STOP = 0;
    static final byte T_I32 = 8;
    static final byte T_STRING = 11;
    static final byte T_STRUCT = 12;
    static final byte T_LIST = 15;

    private RawWire() {
    }

    /** A big-endian byte builder. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes i8(int v) {
            out.write(v);
            return this;
        }

        Bytes i16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Bytes i32(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Bytes bytes(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        Bytes zeros(int n) {
            return bytes(new byte[n]);
        }

        /** A Thrift binary string: i32 length, then UTF-8. */
        Bytes string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            return i32(utf8.length).bytes(utf8);
        }

        /** A TTHeader info string: u16 length, then UTF-8. */
        Bytes string16(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            return i16(utf8.length).bytes(utf8);
        }

        /** A strict Thrift binary message header: version|type, name, seq id. */
        Bytes messageBegin(String name, int type, int seqId) {
            return i32(0x80010000 | type).string(name).i32(seqId);
        }

        int size() {
            return out.size();
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }

    /** Framed: a 4-byte length, then {@code message}. */
    static byte[] framed(byte[] message) {
        return new Bytes().i32(message.length).bytes(message).toArray();
    }

    /**
     * A TTHeader frame around {@code payload}: the given flags, seq id and protocol id, no transforms,
     * then {@code info} (raw info blocks) padded with zeros to a multiple of 4.
     */
    static byte[] ttheader(int flags, int seqId, int protocolId, byte[] info, byte[] payload) {
        int infoSize = 2 + info.length;
        int padded = (infoSize + 3) / 4 * 4;
        return new Bytes()
            .i32(10 + padded + payload.length)
            .i16(0x1000).i16(flags).i32(seqId).i16(padded / 4)
            .i8(protocolId).i8(0).bytes(info).zeros(padded - infoSize)
            .bytes(payload)
            .toArray();
    }

    /** A plain TTHeader frame (binary protocol, no info) around {@code payload}. */
    static byte[] ttheader(int seqId, byte[] payload) {
        return ttheader(0, seqId, 0, new byte[0], payload);
    }

    static byte[] concat(byte[]... parts) {
        Bytes b = new Bytes();
        for (byte[] part : parts) {
            b.bytes(part);
        }
        return b.toArray();
    }

    /** Polls {@code condition} every 10 ms until it holds or {@code timeout} passes; returns whether it held. */
    /** An echo server on an ephemeral loopback port accepting frames of up to {@code maxFrameSize} bytes. */
    static KitexServer startEchoServer(int maxFrameSize) {
        return KitexServer.builder()
            .host("127.0.0.1")
            .port(0)
            .maxFrameSize(maxFrameSize)
            .service(EchoService.DESCRIPTOR, new EchoServiceImpl())
            .build()
            .start();
    }

    /** A client of {@code server} on one long connection, with timeouts generous enough for a loaded machine. */
    static EchoServiceClient goodClient(KitexServer server, Transport transport) {
        return new EchoServiceClient(EchoServiceClient.builder("echo")
            .addresses("127.0.0.1:" + server.port())
            .transport(transport)
            .pool(PoolType.LONG)
            .connectTimeout(Duration.ofSeconds(5))
            .rpcTimeout(Duration.ofSeconds(10))
            .build());
    }

    static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** How a server ended a raw connection. */
    enum Closed {
        /** Orderly: read returned -1. */
        EOF,
        /** The connection was reset (the server closed with input unread, or we wrote after its close). */
        RESET
    }

    /** A raw TCP connection to a server on 127.0.0.1. */
    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(int port, Duration readTimeout) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        /**
         * Writes {@code bytes}; returns {@code false} when the server had already closed the
         * connection (a reset or broken pipe while writing), which is an acceptable reaction to bad input.
         */
        boolean send(byte[] bytes) {
            try {
                out.write(bytes);
                out.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /** Half-closes: the server reads end-of-stream, we can still read what it sends. */
        void shutdownOutput() {
            try {
                socket.shutdownOutput();
            } catch (IOException e) {
                // already closed by the server: fine
            }
        }

        /**
         * Reads and discards until the server closes the connection, for at most {@code timeout}.
         *
         * @return how it was closed, or {@code null} if it was still open when the time ran out
         */
        Closed awaitClosed(Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            byte[] sink = new byte[8192];
            int soTimeout = socket.getSoTimeout();
            try {
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    socket.setSoTimeout((int) Math.max(1, Math.min(left / 1_000_000, Integer.MAX_VALUE)));
                    try {
                        if (in.read(sink) < 0) {
                            return Closed.EOF;
                        }
                    } catch (SocketTimeoutException e) {
                        return null;
                    } catch (SocketException e) {
                        return Closed.RESET;
                    }
                }
            } finally {
                if (!socket.isClosed()) {
                    socket.setSoTimeout(soTimeout);
                }
            }
        }

        /** Reads one Framed message (length prefix removed); fails on end of stream or the read timeout. */
        byte[] readFramed() throws IOException {
            DataInputStream data = new DataInputStream(in);
            int length = data.readInt();
            if (length < 0 || length > 64 * 1024 * 1024) {
                throw new IOException("implausible frame length " + length);
            }
            byte[] message = new byte[length];
            data.readFully(message);
            return message;
        }

        /** Whether the server has closed: a read that returns -1 or resets within {@code timeout}. */
        boolean isClosedWithin(Duration timeout) throws IOException {
            return awaitClosed(timeout) != null;
        }

        /** Closes without lingering in TIME_WAIT on our side when possible. */
        @Override
        public void close() throws IOException {
            if (!socket.isClosed()) {
                try {
                    socket.setSoLinger(true, 0);
                } catch (SocketException e) {
                    // closed under us
                }
                socket.close();
            }
        }

        /** Reads exactly {@code n} bytes. */
        byte[] readExactly(int n) throws IOException {
            byte[] b = new byte[n];
            int off = 0;
            while (off < n) {
                int r = in.read(b, off, n - off);
                if (r < 0) {
                    throw new EOFException("end of stream after " + off + " of " + n + " bytes");
                }
                off += r;
            }
            return b;
        }
    }
}
