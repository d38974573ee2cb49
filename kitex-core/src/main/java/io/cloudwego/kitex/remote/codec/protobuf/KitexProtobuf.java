package io.cloudwego.kitex.remote.codec.protobuf;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.remote.MessageHeader;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The Kitex Protobuf message format (reference §3): a message header like Thrift's with the version
 * {@code 0x9001}, then the raw Protobuf message; an EXCEPTION carries
 * {@code ErrorProto {int32 TypeID = 1; string Message = 2;}}. It is always framed (Framed or
 * TTHeaderFramed).
 */
public final class KitexProtobuf {
    /** The first word of a message without its type: {@code 0x9001} then {@code 0x00}, the type in the low byte. */
    public static final int VERSION_1 = 0x90010000;
    /** The part of the first word that holds the version. */
    public static final int VERSION_MASK = 0xFFFF0000;

    private static final int ERROR_TYPE_ID = 1;
    private static final int ERROR_MESSAGE = 2;
    private static final int ERROR_TYPE_ID_TAG = ERROR_TYPE_ID << 3 | WireFormat.WIRETYPE_VARINT;
    private static final int ERROR_MESSAGE_TAG = ERROR_MESSAGE << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private KitexProtobuf() {
    }

    /** Whether {@code firstWord}, the first four bytes of a message, starts a Kitex Protobuf message. */
    public static boolean isKitexProtobuf(int firstWord) {
        return (firstWord & VERSION_MASK) == VERSION_1;
    }

    /** Writes the message header: version and type, method name, seq id. */
    public static void writeMessageBegin(ByteBuf out, MessageHeader header) {
        out.writeInt(VERSION_1 | header.type().id());
        new ThriftWriter(out).writeString(header.method());
        out.writeInt(header.seqId());
    }

    /**
     * Reads the message header; the rest of {@code in} is the message body.
     *
     * @throws ProtocolException if the header is not a Kitex Protobuf one or does not fit in {@code in}
     */
    public static MessageHeader readMessageBegin(ByteBuf in) {
        ThriftReader reader = new ThriftReader(in);
        int version = reader.readI32();
        if (!isKitexProtobuf(version)) {
            throw new ProtocolException("bad-version", String.format(
                "not a Kitex Protobuf message: first word 0x%08x", version));
        }
        MessageType type = MessageType.fromId(version & 0xFF);
        if (type == null || type == MessageType.ONEWAY) {
            throw new ProtocolException("bad-message-type", "unknown Kitex Protobuf message type " + (version & 0xFF));
        }
        String name = reader.readString();
        int seqId = reader.readI32();
        return new MessageHeader(name, type, seqId);
    }

    /** Writes the body of an EXCEPTION message: {@code ErrorProto} with the exception's type and message. */
    public static void writeError(ByteBuf out, RemoteApplicationException error) {
        byte[] message = error.getMessage() == null ? new byte[0] : error.getMessage().getBytes(StandardCharsets.UTF_8);
        int size = (error.type() == 0 ? 0 : CodedOutputStream.computeInt32Size(ERROR_TYPE_ID, error.type()))
            + (message.length == 0 ? 0 : CodedOutputStream.computeByteArraySize(ERROR_MESSAGE, message));
        byte[] encoded = new byte[size];
        CodedOutputStream coded = CodedOutputStream.newInstance(encoded);
        try {
            if (error.type() != 0) {
                coded.writeInt32(ERROR_TYPE_ID, error.type());
            }
            if (message.length != 0) {
                coded.writeByteArray(ERROR_MESSAGE, message);
            }
            coded.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("ErrorProto of " + size + " bytes", e);
        }
        out.writeBytes(encoded);
    }

    /**
     * Reads the body of an EXCEPTION message, every readable byte of {@code in}.
     *
     * @throws ProtocolException if it is not an {@code ErrorProto}
     */
    public static RemoteApplicationException readError(ByteBuf in) {
        CodedInputStream coded = CodedInputStream.newInstance(ByteBufUtil.getBytes(in));
        in.skipBytes(in.readableBytes());
        int type = RemoteApplicationException.UNKNOWN;
        String message = "";
        try {
            for (int tag = coded.readTag(); tag != 0; tag = coded.readTag()) {
                if (tag == ERROR_TYPE_ID_TAG) {
                    type = coded.readInt32();
                } else if (tag == ERROR_MESSAGE_TAG) {
                    message = coded.readString();
                } else if (!coded.skipField(tag)) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new ProtocolException("bad-protobuf-message", "not a valid ErrorProto: " + e.getMessage());
        }
        return new RemoteApplicationException(type, message);
    }
}
