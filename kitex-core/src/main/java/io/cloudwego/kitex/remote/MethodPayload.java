package io.cloudwego.kitex.remote;

import io.cloudwego.kitex.errors.IdlException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.remote.codec.protobuf.KitexProtobuf;
import io.cloudwego.kitex.remote.codec.MessageCodec;
import io.cloudwego.kitex.remote.codec.thrift.ApplicationExceptionCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftMessageCodec;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.serviceinfo.ResultCodec;
import io.netty.buffer.ByteBuf;

/**
 * The bodies of one method's messages in its service's {@link PayloadCodec}, as the message
 * framings carry them: the request (Thrift args struct, or the raw Protobuf request), the reply
 * (Thrift result struct, or the raw Protobuf response) and application exceptions. Clients and
 * servers read and write messages through it, whatever the IDL. One per Thrift method
 * ({@link #of(MethodDescriptor)}) or unary Protobuf method ({@link #of(StreamingMethodDescriptor)}).
 */
public abstract class MethodPayload {
    private final Object descriptor;
    private final String method;
    private final MethodKind kind;
    private final EncodedSize requestSize = new EncodedSize();
    private final EncodedSize replySize = new EncodedSize();

    private MethodPayload(Object descriptor, String method, MethodKind kind) {
        this.descriptor = descriptor;
        this.method = method;
        this.kind = kind;
    }

    /** The payload of a Thrift method. */
    public static MethodPayload of(MethodDescriptor<?, ?, ?> method) {
        return new Thrift(method);
    }

    /**
     * The payload of a unary Protobuf method, carried by Kitex Protobuf.
     *
     * @throws IllegalArgumentException if the method streams, or its messages are Thrift structs (a
     *     Thrift method annotated {@code streaming.mode}): only gRPC carries those
     */
    public static MethodPayload of(StreamingMethodDescriptor<?, ?, ?> method) {
        if (method.kind() != MethodKind.UNARY) {
            throw new IllegalArgumentException(method.fullName() + " is " + method.kind()
                + ": only unary methods travel as Kitex Protobuf messages; the others need gRPC");
        }
        if (method.requestCodec() instanceof ThriftMessageCodec) {
            throw new IllegalArgumentException(method.fullName() + " is a Thrift method annotated streaming.mode:"
                + " only gRPC carries it");
        }
        return new Protobuf(method);
    }

    /**
     * The payload of the method {@code descriptor} describes: a {@link MethodDescriptor} or a unary
     * {@link StreamingMethodDescriptor}, as {@link io.cloudwego.kitex.rpcinfo.RpcInfo#methodDescriptor()} holds.
     *
     * @throws IllegalArgumentException if it is neither
     */
    public static MethodPayload of(Object descriptor) {
        if (descriptor instanceof MethodDescriptor<?, ?, ?> thrift) {
            return of(thrift);
        }
        if (descriptor instanceof StreamingMethodDescriptor<?, ?, ?> protobuf) {
            return of(protobuf);
        }
        throw new IllegalArgumentException("not a method descriptor: " + descriptor);
    }

    /** The descriptor this payload was made from. */
    public final Object descriptor() {
        return descriptor;
    }

    /** The method's name in the IDL, as its messages carry it. */
    public final String method() {
        return method;
    }

    /** {@link MethodKind#UNARY} or, for Thrift, {@link MethodKind#ONEWAY}. */
    public final MethodKind kind() {
        return kind;
    }

    /** The sizes of this method's requests lately encoded, whole frames. */
    public final EncodedSize requestSize() {
        return requestSize;
    }

    /** The sizes of this method's replies lately encoded, whole frames. */
    public final EncodedSize replySize() {
        return replySize;
    }

    /** The encoding of the bodies. */
    public abstract PayloadCodec payloadCodec();

    /** Writes the body of a request: the args struct or the request message. */
    public abstract void writeRequest(ByteBuf out, Object request);

    /**
     * Reads the body of a request.
     *
     * @throws io.cloudwego.kitex.errors.ProtocolException or another runtime exception if it is malformed
     */
    public abstract Object readRequest(ByteBuf in);

    /** Writes the body of a REPLY holding {@code value}. */
    public abstract void writeSuccess(ByteBuf out, Object value);

    /** Whether {@code error} is an exception the method declares, answered in a REPLY. */
    public abstract boolean declares(Throwable error);

    /** Writes the body of a REPLY holding {@code error}, for which {@link #declares} is true. */
    public abstract void writeDeclared(ByteBuf out, IdlException error);

    /**
     * Reads the body of a REPLY and returns its value.
     *
     * @throws IdlException the declared exception it holds
     */
    public abstract Object readReply(ByteBuf in);

    /** Writes the message header in {@code payloadCodec}'s format. */
    public static void writeMessageBegin(PayloadCodec payloadCodec, ByteBuf out, MessageHeader header) {
        if (payloadCodec == PayloadCodec.PROTOBUF) {
            KitexProtobuf.writeMessageBegin(out, header);
        } else {
            new ThriftWriter(out).writeMessageBegin(header);
        }
    }

    /**
     * Writes the body of a REPLY that holds no value, which goes with a biz status error: the empty
     * Thrift result struct, or an empty Protobuf body.
     */
    public static void writeEmptyReply(PayloadCodec payloadCodec, ByteBuf out) {
        if (payloadCodec == PayloadCodec.THRIFT) {
            new ThriftWriter(out).writeFieldStop();
        }
    }

    /** Writes the body of an EXCEPTION message: a TApplicationException struct or an {@code ErrorProto}. */
    public static void writeApplicationException(PayloadCodec payloadCodec, ByteBuf out,
                                                 RemoteApplicationException error) {
        if (payloadCodec == PayloadCodec.PROTOBUF) {
            KitexProtobuf.writeError(out, error);
        } else {
            ApplicationExceptionCodec.INSTANCE.write(new ThriftWriter(out), error);
        }
    }

    /** Reads the body of an EXCEPTION message. */
    public static RemoteApplicationException readApplicationException(PayloadCodec payloadCodec, ByteBuf in) {
        return payloadCodec == PayloadCodec.PROTOBUF ? KitexProtobuf.readError(in)
            : ApplicationExceptionCodec.INSTANCE.read(new ThriftReader(in));
    }

    @Override
    public String toString() {
        return payloadCodec() + " " + kind + " " + method;
    }

    private static final class Thrift extends MethodPayload {
        private final ThriftCodec<Object> argsCodec;
        private final ResultCodec<Object> resultCodec;

        @SuppressWarnings("unchecked")
        Thrift(MethodDescriptor<?, ?, ?> method) {
            super(method, method.name(), method.kind());
            this.argsCodec = (ThriftCodec<Object>) method.argsCodec();
            this.resultCodec = (ResultCodec<Object>) method.resultCodec();
        }

        @Override
        public PayloadCodec payloadCodec() {
            return PayloadCodec.THRIFT;
        }

        @Override
        public void writeRequest(ByteBuf out, Object request) {
            argsCodec.write(new ThriftWriter(out), request);
        }

        @Override
        public Object readRequest(ByteBuf in) {
            return argsCodec.read(new ThriftReader(in));
        }

        @Override
        public void writeSuccess(ByteBuf out, Object value) {
            resultCodec.writeSuccess(new ThriftWriter(out), value);
        }

        @Override
        public boolean declares(Throwable error) {
            return resultCodec != null && error instanceof IdlException && resultCodec.declares(error);
        }

        @Override
        public void writeDeclared(ByteBuf out, IdlException error) {
            resultCodec.writeException(new ThriftWriter(out), error);
        }

        @Override
        public Object readReply(ByteBuf in) {
            return resultCodec.read(new ThriftReader(in));
        }
    }

    private static final class Protobuf extends MethodPayload {
        private final MessageCodec<Object> requestCodec;
        private final MessageCodec<Object> responseCodec;

        @SuppressWarnings("unchecked")
        Protobuf(StreamingMethodDescriptor<?, ?, ?> method) {
            super(method, method.name(), method.kind());
            this.requestCodec = (MessageCodec<Object>) method.requestCodec();
            this.responseCodec = (MessageCodec<Object>) method.responseCodec();
        }

        @Override
        public PayloadCodec payloadCodec() {
            return PayloadCodec.PROTOBUF;
        }

        @Override
        public void writeRequest(ByteBuf out, Object request) {
            requestCodec.write(out, request);
        }

        @Override
        public Object readRequest(ByteBuf in) {
            return requestCodec.read(in);
        }

        @Override
        public void writeSuccess(ByteBuf out, Object value) {
            responseCodec.write(out, value);
        }

        @Override
        public boolean declares(Throwable error) {
            return false;
        }

        @Override
        public void writeDeclared(ByteBuf out, IdlException error) {
            throw new IllegalArgumentException("Protobuf methods declare no exceptions", error);
        }

        @Override
        public Object readReply(ByteBuf in) {
            return responseCodec.read(in);
        }
    }
}
