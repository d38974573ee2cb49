package io.cloudwego.kitex.bench.system;

import io.cloudwego.kitex.bench.load.BlockingCaller;
import io.cloudwego.kitex.bench.load.BlockingLoad;
import io.cloudwego.kitex.bench.load.LoadGenerator;
import io.cloudwego.kitex.bench.load.Payloads;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.apache.thrift.server.TThreadedSelectorServer;
import org.apache.thrift.transport.TNonblockingServerSocket;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.layered.TFramedTransport;

/**
 * Apache Thrift Java (libthrift): blocking clients over {@link TFramedTransport} and
 * {@link TBinaryProtocol}, one connection and one thread per call in flight, against a
 * {@link TThreadedSelectorServer} with its defaults. The EchoService code is written by hand
 * against {@link TProtocol} the way libthrift's compiler generates it (no compiler is needed).
 */
public final class Libthrift implements BenchSystem {
    /** The system. */
    public static final Libthrift INSTANCE = new Libthrift();

    private static final TStruct ECHO_ARGS = new TStruct("echo_args");
    private static final TStruct ECHO_RESULT = new TStruct("echo_result");
    private static final TStruct ECHO_REQUEST = new TStruct("EchoRequest");
    private static final TStruct ECHO_RESPONSE = new TStruct("EchoResponse");
    private static final TField REQ = new TField("req", TType.STRUCT, (short) 1);
    private static final TField SUCCESS = new TField("success", TType.STRUCT, (short) 0);
    private static final TField MESSAGE = new TField("message", TType.STRING, (short) 1);

    /** A {@link TThreadedSelectorServer} (framed, binary, its default selector and worker threads) answering echo. */
    public static final ServerKind SERVER = new ServerKind() {
        @Override
        public String id() {
            return "libthrift";
        }

        @Override
        public String label() {
            return "libthrift threaded-selector server";
        }

        @Override
        public Protocol protocol() {
            return Protocol.THRIFT_FRAMED;
        }

        @Override
        public EchoServer start() throws Exception {
            TNonblockingServerSocket socket = new TNonblockingServerSocket(new InetSocketAddress("127.0.0.1", 0));
            TThreadedSelectorServer.Args args = new TThreadedSelectorServer.Args(socket);
            args.processor(new EchoProcessor())
                .transportFactory(new TFramedTransport.Factory())
                .protocolFactory(new TBinaryProtocol.Factory());
            TServer server = new TThreadedSelectorServer(args);
            Thread serving = new Thread(server::serve, "libthrift-server");
            serving.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!server.isServing()) {
                if (System.nanoTime() > deadline) {
                    server.stop();
                    throw new IllegalStateException("the libthrift server did not start");
                }
                Thread.sleep(5);
            }
            return new EchoServer() {
                @Override
                public int port() {
                    return socket.getPort();
                }

                @Override
                public void close() throws InterruptedException {
                    server.stop();
                    serving.join(10_000);
                }
            };
        }
    };

    private Libthrift() {
    }

    @Override
    public String id() {
        return "libthrift";
    }

    @Override
    public String label() {
        return "Apache Thrift (libthrift)";
    }

    @Override
    public ServerKind server() {
        return SERVER;
    }

    @Override
    public LoadGenerator client(InetSocketAddress address, int inFlight, int payloadBytes) throws TException {
        String message = Payloads.ascii(payloadBytes);
        List<BlockingCaller> callers = new ArrayList<>();
        try {
            for (int i = 0; i < inFlight; i++) {
                callers.add(new Caller(address, message));
            }
        } catch (TException e) {
            callers.forEach(BlockingCaller::close);
            throw e;
        }
        return new BlockingLoad(callers);
    }

    /** One connection calling echo, as a generated {@code EchoService.Client} would. */
    private static final class Caller implements BlockingCaller {
        private final TTransport transport;
        private final TProtocol protocol;
        private final String message;
        private int seqId;

        Caller(InetSocketAddress address, String message) throws TException {
            TSocket socket = new TSocket(new TConfiguration(), address.getHostString(), address.getPort(), 30_000);
            socket.open();
            this.transport = new TFramedTransport(socket);
            this.protocol = new TBinaryProtocol(transport);
            this.message = message;
        }

        @Override
        public void call() throws TException {
            int seq = ++seqId;
            protocol.writeMessageBegin(new TMessage("echo", TMessageType.CALL, seq));
            protocol.writeStructBegin(ECHO_ARGS);
            protocol.writeFieldBegin(REQ);
            writeMessageStruct(protocol, ECHO_REQUEST, message);
            protocol.writeFieldEnd();
            protocol.writeFieldStop();
            protocol.writeStructEnd();
            protocol.writeMessageEnd();
            transport.flush();

            TMessage reply = protocol.readMessageBegin();
            if (reply.type == TMessageType.EXCEPTION) {
                TApplicationException error = TApplicationException.readFrom(protocol);
                protocol.readMessageEnd();
                throw error;
            }
            if (reply.seqid != seq) {
                throw new TApplicationException(TApplicationException.BAD_SEQUENCE_ID, "reply " + reply.seqid + " to call " + seq);
            }
            String answered = readStructField(protocol, SUCCESS);
            protocol.readMessageEnd();
            if (answered == null || answered.length() != message.length()) {
                throw new TApplicationException(TApplicationException.MISSING_RESULT, "echo answered " + answered);
            }
        }

        @Override
        public void close() {
            transport.close();
        }
    }

    /** echo, answered as a generated {@code TBaseProcessor} does. */
    private static final class EchoProcessor implements TProcessor {
        @Override
        public void process(TProtocol in, TProtocol out) throws TException {
            TMessage call = in.readMessageBegin();
            if (!call.name.equals("echo")) {
                TProtocolUtil.skip(in, TType.STRUCT);
                in.readMessageEnd();
                out.writeMessageBegin(new TMessage(call.name, TMessageType.EXCEPTION, call.seqid));
                new TApplicationException(TApplicationException.UNKNOWN_METHOD, "Invalid method name: '" + call.name + "'").write(out);
                out.writeMessageEnd();
                out.getTransport().flush();
                return;
            }
            String message = readStructField(in, REQ);
            in.readMessageEnd();
            if (message == null) {
                throw new TProtocolException(TProtocolException.INVALID_DATA, "field 'req' is missing");
            }
            out.writeMessageBegin(new TMessage("echo", TMessageType.REPLY, call.seqid));
            out.writeStructBegin(ECHO_RESULT);
            out.writeFieldBegin(SUCCESS);
            writeMessageStruct(out, ECHO_RESPONSE, message);
            out.writeFieldEnd();
            out.writeFieldStop();
            out.writeStructEnd();
            out.writeMessageEnd();
            out.getTransport().flush();
        }
    }

    /** Writes {@code struct {1: string message}}. */
    private static void writeMessageStruct(TProtocol out, TStruct struct, String message) throws TException {
        out.writeStructBegin(struct);
        out.writeFieldBegin(MESSAGE);
        out.writeString(message);
        out.writeFieldEnd();
        out.writeFieldStop();
        out.writeStructEnd();
    }

    /** Reads a struct whose field {@code field} is a {@code struct {1: string message}}, returning that message (or null). */
    private static String readStructField(TProtocol in, TField field) throws TException {
        String message = null;
        in.readStructBegin();
        for (TField next = in.readFieldBegin(); next.type != TType.STOP; next = in.readFieldBegin()) {
            if (next.id == field.id && next.type == TType.STRUCT) {
                message = readMessage(in);
            } else {
                TProtocolUtil.skip(in, next.type);
            }
            in.readFieldEnd();
        }
        in.readStructEnd();
        return message;
    }

    private static String readMessage(TProtocol in) throws TException {
        String message = null;
        in.readStructBegin();
        for (TField next = in.readFieldBegin(); next.type != TType.STOP; next = in.readFieldBegin()) {
            if (next.id == MESSAGE.id && next.type == TType.STRING) {
                message = in.readString();
            } else {
                TProtocolUtil.skip(in, next.type);
            }
            in.readFieldEnd();
        }
        in.readStructEnd();
        return message;
    }
}
