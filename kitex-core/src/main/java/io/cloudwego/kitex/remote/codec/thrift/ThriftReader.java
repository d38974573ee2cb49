package io.cloudwego.kitex.remote.codec.thrift;

import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.internal.Utf8;
import io.cloudwego.kitex.remote.MessageHeader;
import io.cloudwego.kitex.remote.MessageType;
import io.netty.buffer.ByteBuf;

/**
 * Reads strict Thrift binary protocol from a Netty {@link ByteBuf} that holds a whole message or
 * struct. Every length and container size is checked against the bytes actually present before
 * anything is allocated, and nesting is bounded, so a hostile peer cannot make it allocate what it
 * merely claims or recurse without end. Violations throw {@link ProtocolException}.
 */
public final class ThriftReader {
    /** Nesting depth allowed by default for structs and containers. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private final ByteBuf in;
    private final int maxDepth;
    private int depth;

    public ThriftReader(ByteBuf in) {
        this(in, DEFAULT_MAX_DEPTH);
    }

    public ThriftReader(ByteBuf in, int maxDepth) {
        this.in = in;
        this.maxDepth = maxDepth;
    }

    /** The buffer read from. */
    public ByteBuf buffer() {
        return in;
    }

    public MessageHeader readMessageBegin() {
        int version = readI32();
        if ((version & 0xFFFF0000) != 0x80010000) {
            throw new ProtocolException("bad-version", String.format(
                "not strict Thrift binary: first word 0x%08x", version));
        }
        MessageType type = MessageType.fromId(version & 0xFF);
        if (type == null) {
            throw new ProtocolException("bad-message-type", "unknown message type " + (version & 0xFF));
        }
        String name = readString();
        int seqId = readI32();
        return new MessageHeader(name, type, seqId);
    }

    /**
     * Reads the type of the next field; {@link ThriftType#STOP} ends the struct. A non-STOP type is
     * followed by the field id, read with {@link #readFieldId()}.
     */
    public byte readFieldType() {
        return readByte();
    }

    public short readFieldId() {
        return readI16();
    }

    /** Reads a map header: key type, value type and size; the size is checked against the bytes left. */
    public int readMapBegin(byte expectedKeyType, byte expectedValueType) {
        byte keyType = readByte();
        byte valueType = readByte();
        int size = readI32();
        if (size != 0 && (keyType != expectedKeyType || valueType != expectedValueType)) {
            throw new ProtocolException("bad-container-type", "map<" + keyType + "," + valueType
                + "> where map<" + expectedKeyType + "," + expectedValueType + "> was expected");
        }
        checkSize(size, minSize(keyType) + minSize(valueType));
        return size;
    }

    /**
     * The initial capacity of a {@link java.util.HashMap} or {@link java.util.HashSet} (or their linked
     * kinds) that holds {@code size} entries without growing: generated code sizes the maps and sets it
     * reads with it.
     */
    public static int hashCapacity(int size) {
        return (int) Math.min(Integer.MAX_VALUE, ((long) size * 4 + 2) / 3);
    }

    /** Reads a list header and returns its size, checked against the bytes left. */
    public int readListBegin(byte expectedElementType) {
        byte elementType = readByte();
        int size = readI32();
        if (size != 0 && elementType != expectedElementType) {
            throw new ProtocolException("bad-container-type",
                "list<" + elementType + "> where list<" + expectedElementType + "> was expected");
        }
        checkSize(size, minSize(elementType));
        return size;
    }

    /** Reads a set header and returns its size, checked against the bytes left. */
    public int readSetBegin(byte expectedElementType) {
        return readListBegin(expectedElementType);
    }

    public boolean readBool() {
        return readByte() != 0;
    }

    public byte readByte() {
        need(1);
        return in.readByte();
    }

    public short readI16() {
        need(2);
        return in.readShort();
    }

    public int readI32() {
        need(4);
        return in.readInt();
    }

    public long readI64() {
        need(8);
        return in.readLong();
    }

    public double readDouble() {
        return Double.longBitsToDouble(readI64());
    }

    public String readString() {
        int length = readLength();
        String value = Utf8.decode(in, in.readerIndex(), length);
        in.skipBytes(length);
        return value;
    }

    public byte[] readBinary() {
        byte[] value = new byte[readLength()];
        in.readBytes(value);
        return value;
    }

    public java.util.UUID readUuid() {
        return new java.util.UUID(readI64(), readI64());
    }

    /** Reads a struct with {@code codec}, counting it against the nesting limit. */
    public <T> T readStruct(ThriftCodec<T> codec) {
        enter();
        try {
            return codec.read(this);
        } finally {
            depth--;
        }
    }

    /** Skips one value of {@code type}, whatever it holds. */
    public void skip(byte type) {
        switch (type) {
            case ThriftType.BOOL:
            case ThriftType.BYTE:
                skipBytes(1);
                break;
            case ThriftType.I16:
                skipBytes(2);
                break;
            case ThriftType.I32:
                skipBytes(4);
                break;
            case ThriftType.I64:
            case ThriftType.DOUBLE:
                skipBytes(8);
                break;
            case ThriftType.UUID:
                skipBytes(16);
                break;
            case ThriftType.STRING:
                skipBytes(readLength());
                break;
            case ThriftType.STRUCT:
                enter();
                for (byte fieldType = readByte(); fieldType != ThriftType.STOP; fieldType = readByte()) {
                    skipBytes(2);
                    skip(fieldType);
                }
                depth--;
                break;
            case ThriftType.MAP: {
                enter();
                byte keyType = readByte();
                byte valueType = readByte();
                int size = readI32();
                checkSize(size, minSize(keyType) + minSize(valueType));
                for (int i = 0; i < size; i++) {
                    skip(keyType);
                    skip(valueType);
                }
                depth--;
                break;
            }
            case ThriftType.SET:
            case ThriftType.LIST: {
                enter();
                byte elementType = readByte();
                int size = readI32();
                checkSize(size, minSize(elementType));
                for (int i = 0; i < size; i++) {
                    skip(elementType);
                }
                depth--;
                break;
            }
            default:
                throw new ProtocolException("bad-field-type", "unknown Thrift type " + type);
        }
    }

    private void enter() {
        if (++depth > maxDepth) {
            throw new ProtocolException("too-deep", "nesting deeper than " + maxDepth);
        }
    }

    private int readLength() {
        int length = readI32();
        if (length < 0) {
            throw new ProtocolException("negative-length", "negative length " + length);
        }
        need(length);
        return length;
    }

    private void skipBytes(int n) {
        need(n);
        in.skipBytes(n);
    }

    private void need(int n) {
        if (in.readableBytes() < n) {
            throw new ProtocolException("truncated", "needs " + n + " more bytes, " + in.readableBytes() + " left");
        }
    }

    private static int minSize(byte type) {
        int size = ThriftType.minEncodedSize(type);
        if (size < 0) {
            throw new ProtocolException("bad-field-type", "unknown Thrift type " + type);
        }
        return size;
    }

    private void checkSize(int size, int minElementSize) {
        if (size < 0) {
            throw new ProtocolException("negative-length", "negative container size " + size);
        }
        if ((long) size * minElementSize > in.readableBytes()) {
            throw new ProtocolException("truncated", "container of " + size
                + " elements cannot fit in the " + in.readableBytes() + " bytes left");
        }
    }
}
