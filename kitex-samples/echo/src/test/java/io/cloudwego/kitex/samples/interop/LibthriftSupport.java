package io.cloudwego.kitex.samples.interop;

import io.cloudwego.kitex.remote.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolException;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.server.TThreadedSelectorServer;
import org.apache.thrift.transport.TMemoryBuffer;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.apache.thrift.transport.TNonblockingServerSocket;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.layered.TFramedTransport;

/**
 * Apache Thrift (libthrift) pieces for the interop tests, written by hand against echo.thrift
 * without generated code:
 *
 * <pre>
 * struct EchoRequest  {1: required string message}
 * struct EchoResponse {1: required string message}
 * service EchoService { EchoResponse echo(1: EchoRequest req); oneway void fire(1: EchoRequest req) }
 * </pre>
 *
 * <p>It has a client ({@link Client}) over {@link TSocket}, framed or buffered; a processor
 * ({@link EchoProcessor}) answering as a generated {@code TBaseProcessor} would; and a server
 * ({@link Server}) running it in {@link TThreadPoolServer} (buffered) or
 * {@link TThreadedSelectorServer} (framed) on a free port of 127.0.0.1.
 */
public final class LibthriftSupport {
    /** A payload outside the Basic Multilingual Plane (surrogate pairs in Java, 4-byte UTF-8). */
    static final String NON_BMP = "😀 emoji 中文 𝄞";

    /** Socket timeout of libthrift clients: long enough for 1 MiB on a loaded machine, short enough to bound a hang. */
    static final int CLIENT_SOCKET_TIMEOUT_MILLIS = 20_000;

    private LibthriftSupport() {
    }

    /** The two framings libthrift and Kitex share. */
    public enum Framing {
        /** {@link TFramedTransport}: a 4-byte length, then the message. */
        FRAMED(Transport.FRAMED),
        /** A bare {@link TSocket}: the message alone. */
        BUFFERED(Transport.BUFFERED);

        private final Transport transport;

        Framing(Transport transport) {
            this.transport = transport;
        }

        /** The kitex-java transport of the same framing. */
        Transport transport() {
            return transport;
        }
    }

    /** An ASCII payload of exactly {@code bytes} bytes, not all one character. */
    static String payload(int bytes) {
        StringBuilder sb = new StringBuilder(bytes);
        for (int i = 0; i < bytes; i++) {
            sb.append((char) ('a' + i % 26));
        }
        return sb.toString();
    }

    // ---- message encoding ----------------------------------------------------------------------

    /** Writes {@code struct {1: string message}} (EchoRequest and EchoResponse have the same shape). */
    static void writeMessageStruct(TProtocol out, String structName, String message) throws TException {
        out.writeStructBegin(new TStruct(structName));
        out.writeFieldBegin(new TField("message", TType.STRING, (short) 1));
        out.writeString(message);
        out.writeFieldEnd();
        out.writeFieldStop();
        out.writeStructEnd();
    }

    /** Reads {@code struct {1: string message}}, skipping unknown fields. */
    static String readMessageStruct(TProtocol in) throws TException {
        String message = readField(in, (short) 1, TType.STRING, TProtocol::readString);
        if (message == null) {
            throw new TProtocolException(TProtocolException.INVALID_DATA, "required field 'message' is missing");
        }
        return message;
    }

    /** Writes a whole request message {@code method(1: EchoRequest req)}, of type CALL or ONEWAY. */
    static void writeRequest(TProtocol out, String method, byte type, int seqId, String message) throws TException {
        out.writeMessageBegin(new TMessage(method, type, seqId));
        out.writeStructBegin(new TStruct(method + "_args"));
        out.writeFieldBegin(new TField("req", TType.STRUCT, (short) 1));
        writeMessageStruct(out, "EchoRequest", message);
        out.writeFieldEnd();
        out.writeFieldStop();
        out.writeStructEnd();
        out.writeMessageEnd();
    }

    /** Reads the args struct {@code {1: EchoRequest req}} and returns the request's message. */
    static String readRequestArgs(TProtocol in) throws TException {
        String message = readMessageField(in, (short) 1);
        if (message == null) {
            throw new TProtocolException(TProtocolException.INVALID_DATA, "field 'req' is missing");
        }
        return message;
    }

    /** Reads the result struct {@code echo_result {0: EchoResponse success}} and returns the message. */
    static String readEchoResult(TProtocol in) throws TException {
        String success = readMessageField(in, (short) 0);
        if (success == null) {
            throw new TApplicationException(TApplicationException.MISSING_RESULT, "echo failed: unknown result");
        }
        return success;
    }

    /** Reads a struct and returns the message of its field {@code id} (an EchoRequest or EchoResponse), or null. */
    private static String readMessageField(TProtocol in, short id) throws TException {
        return readField(in, id, TType.STRUCT, LibthriftSupport::readMessageStruct);
    }

    /** Reads one value of a struct's field. */
    @FunctionalInterface
    private interface ValueReader {
        String read(TProtocol in) throws TException;
    }

    /** Reads a struct, returning field {@code id} of {@code type} read by {@code reader} (or null) and skipping the rest. */
    private static String readField(TProtocol in, short id, byte type, ValueReader reader) throws TException {
        String value = null;
        in.readStructBegin();
        while (true) {
            TField field = in.readFieldBegin();
            if (field.type == TType.STOP) {
                break;
            }
            if (field.id == id && field.type == type) {
                value = reader.read(in);
            } else {
                TProtocolUtil.skip(in, field.type);
            }
            in.readFieldEnd();
        }
        in.readStructEnd();
        return value;
    }

    /** The bytes of a request message (strict binary protocol, no framing), encoded by libthrift. */
    static byte[] requestBytes(String method, byte type, int seqId, String message) {
        try {
            TMemoryBuffer buffer = new TMemoryBuffer(64 + message.length() * 4);
            writeRequest(new TBinaryProtocol(buffer), method, type, seqId, message);
            return Arrays.copyOf(buffer.getArray(), buffer.length());
        } catch (TException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A reply message as libthrift decodes it: the header and either the echoed message or the exception. */
    record Reply(TMessage header, String message, TApplicationException exception) {
    }

    /** Decodes a reply to echo (or an EXCEPTION reply to anything) from {@code in}. */
    static Reply readReply(TProtocol in) throws TException {
        TMessage header = in.readMessageBegin();
        if (header.type == TMessageType.EXCEPTION) {
            TApplicationException exception = TApplicationException.readFrom(in);
            in.readMessageEnd();
            return new Reply(header, null, exception);
        }
        if (header.type != TMessageType.REPLY) {
            throw new TProtocolException(TProtocolException.INVALID_DATA, "unexpected message type " + header.type);
        }
        String message = readEchoResult(in);
        in.readMessageEnd();
        return new Reply(header, message, null);
    }

    /** Decodes a reply message from its bytes (framing already removed). */
    static Reply decodeReply(byte[] message) {
        try {
            return readReply(new TBinaryProtocol(new TMemoryInputTransport(message)));
        } catch (TException e) {
            throw new IllegalStateException("cannot decode reply", e);
        }
    }

    // ---- client --------------------------------------------------------------------------------

    /**
     * One libthrift client connection calling EchoService by hand, as generated code would: each
     * call writes a message and flushes; a non-oneway call then reads its reply.
     */
    public static final class Client implements AutoCloseable {
        private final TTransport transport;
        private final TProtocol protocol;
        private int seqId;

        public Client(int port, Framing framing) throws TException {
            TSocket socket = new TSocket(new TConfiguration(), "127.0.0.1", port, CLIENT_SOCKET_TIMEOUT_MILLIS);
            socket.open();
            this.transport = framing == Framing.FRAMED ? new TFramedTransport(socket) : socket;
            this.protocol = new TBinaryProtocol(transport);
        }

        /** Calls {@code echo} and returns the echoed message; an EXCEPTION reply is thrown. */
        public String echo(String message) throws TException {
            Reply reply = call("echo", message);
            if (reply.exception() != null) {
                throw reply.exception();
            }
            return reply.message();
        }

        /** Sends the oneway {@code fire}: message type ONEWAY, nothing is read back. */
        void fire(String message) throws TException {
            writeRequest(protocol, "fire", TMessageType.ONEWAY, ++seqId, message);
            transport.flush();
        }

        /**
         * Calls {@code method} (known to the server or not) with an EchoRequest and returns the reply,
         * after checking that it answers this call (same method name and sequence id).
         */
        Reply call(String method, String message) throws TException {
            int seq = ++seqId;
            writeRequest(protocol, method, TMessageType.CALL, seq, message);
            transport.flush();
            Reply reply = readReply(protocol);
            if (reply.header().seqid != seq) {
                throw new TApplicationException(TApplicationException.BAD_SEQUENCE_ID,
                    "reply seq " + reply.header().seqid + " to call seq " + seq);
            }
            if (!reply.header().name.equals(method)) {
                throw new TApplicationException(TApplicationException.WRONG_METHOD_NAME,
                    "reply for " + reply.header().name + " to a call of " + method);
            }
            return reply;
        }

        @Override
        public void close() {
            transport.close();
        }
    }

    // ---- server --------------------------------------------------------------------------------

    /**
     * EchoService answered by hand, as a generated {@code TBaseProcessor} does: {@code echo} gets a
     * REPLY, {@code fire} nothing, and an unknown method has its args skipped and is answered with
     * {@code TApplicationException(UNKNOWN_METHOD, "Invalid method name: '<name>'")}.
     */
    static final class EchoProcessor implements TProcessor {
        /** Messages received by {@code fire}, in arrival order. */
        final BlockingQueue<String> fired = new LinkedBlockingQueue<>();
        /** Echo calls answered. */
        final AtomicInteger echoes = new AtomicInteger();
        /** Calls of unknown methods answered. */
        final AtomicInteger unknownMethods = new AtomicInteger();

        @Override
        public void process(TProtocol in, TProtocol out) throws TException {
            TMessage message = in.readMessageBegin();
            switch (message.name) {
                case "echo": {
                    String request = readRequestArgs(in);
                    in.readMessageEnd();
                    out.writeMessageBegin(new TMessage("echo", TMessageType.REPLY, message.seqid));
                    out.writeStructBegin(new TStruct("echo_result"));
                    out.writeFieldBegin(new TField("success", TType.STRUCT, (short) 0));
                    writeMessageStruct(out, "EchoResponse", request);
                    out.writeFieldEnd();
                    out.writeFieldStop();
                    out.writeStructEnd();
                    out.writeMessageEnd();
                    out.getTransport().flush();
                    echoes.incrementAndGet();
                    break;
                }
                case "fire": {
                    String request = readRequestArgs(in);
                    in.readMessageEnd();
                    fired.add(request);
                    break;
                }
                default: {
                    TProtocolUtil.skip(in, TType.STRUCT);
                    in.readMessageEnd();
                    TApplicationException x = new TApplicationException(TApplicationException.UNKNOWN_METHOD,
                        "Invalid method name: '" + message.name + "'");
                    out.writeMessageBegin(new TMessage(message.name, TMessageType.EXCEPTION, message.seqid));
                    x.write(out);
                    out.writeMessageEnd();
                    out.getTransport().flush();
                    unknownMethods.incrementAndGet();
                    break;
                }
            }
        }

        /** The next message {@code fire} received, waiting up to {@code timeout}; {@code null} if none came. */
        String nextFired(Duration timeout) throws InterruptedException {
            return fired.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A libthrift server of {@link EchoProcessor} on 127.0.0.1 and a free port: buffered in a
     * {@link TThreadPoolServer} over {@link TServerSocket}, framed in a {@link TThreadedSelectorServer}
     * over {@link TNonblockingServerSocket} with {@link TFramedTransport.Factory}.
     */
    static final class Server implements AutoCloseable {
        private final TServer server;
        private final int port;
        private final Thread thread;
        private final EchoProcessor processor;

        private Server(TServer server, int port, EchoProcessor processor, String name) {
            this.server = server;
            this.port = port;
            this.processor = processor;
            this.thread = new Thread(server::serve, name);
            this.thread.setDaemon(true);
        }

        static Server start(Framing framing) throws Exception {
            EchoProcessor processor = new EchoProcessor();
            InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 0);
            Server result;
            if (framing == Framing.FRAMED) {
                TNonblockingServerSocket socket = new TNonblockingServerSocket(bind);
                TThreadedSelectorServer.Args args = new TThreadedSelectorServer.Args(socket)
                    .selectorThreads(2)
                    .workerThreads(4)
                    .stopTimeoutVal(2)
                    .stopTimeoutUnit(TimeUnit.SECONDS);
                args.processor(processor)
                    .transportFactory(new TFramedTransport.Factory())
                    .protocolFactory(new TBinaryProtocol.Factory());
                result = new Server(new TThreadedSelectorServer(args), socket.getPort(), processor,
                    "libthrift-framed-server");
            } else {
                TServerSocket socket = new TServerSocket(bind);
                TThreadPoolServer.Args args = new TThreadPoolServer.Args(socket)
                    .minWorkerThreads(2)
                    .stopTimeoutVal(2)
                    .stopTimeoutUnit(TimeUnit.SECONDS);
                args.processor(processor).protocolFactory(new TBinaryProtocol.Factory());
                result = new Server(new TThreadPoolServer(args), socket.getServerSocket().getLocalPort(), processor,
                    "libthrift-buffered-server");
            }
            result.thread.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!result.server.isServing()) {
                if (System.nanoTime() > deadline) {
                    result.close();
                    throw new IllegalStateException("libthrift " + framing + " server did not start");
                }
                Thread.sleep(5);
            }
            return result;
        }

        int port() {
            return port;
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        EchoProcessor processor() {
            return processor;
        }

        @Override
        public void close() {
            server.stop();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
