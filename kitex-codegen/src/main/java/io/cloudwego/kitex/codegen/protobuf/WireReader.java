package io.cloudwego.kitex.codegen.protobuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the fields of one Protobuf message in the binary wire format, one tag at a time. */
final class WireReader {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final byte[] bytes;
    private int position;
    private final int limit;
    private int tag;

    WireReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    private WireReader(byte[] bytes, int offset, int limit) {
        this.bytes = bytes;
        this.position = offset;
        this.limit = limit;
    }

    /** Moves to the next field; false at the end of the message. */
    boolean next() {
        if (position >= limit) {
            return false;
        }
        tag = (int) varint();
        if (tag >>> 3 == 0) {
            throw malformed("field number 0");
        }
        return true;
    }

    int field() {
        return tag >>> 3;
    }

    String string() {
        int length = length();
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    boolean bool() {
        return int32() != 0;
    }

    int int32() {
        requireWireType(VARINT);
        return (int) varint();
    }

    /** The current field, an embedded message. */
    WireReader message() {
        int length = length();
        WireReader nested = new WireReader(bytes, position, position + length);
        position += length;
        return nested;
    }

    /** The current field, repeated {@code int32}s, packed or not. */
    List<Integer> int32s() {
        List<Integer> values = new ArrayList<>();
        if ((tag & 7) == LENGTH_DELIMITED) {
            WireReader packed = message();
            while (packed.position < packed.limit) {
                values.add((int) packed.varint());
            }
        } else {
            values.add(int32());
        }
        return values;
    }

    /** Skips the current field. */
    void skip() {
        switch (tag & 7) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(length());
            case FIXED32 -> advance(4);
            default -> throw malformed("wire type " + (tag & 7));
        }
    }

    private int length() {
        requireWireType(LENGTH_DELIMITED);
        long length = varint();
        if (length > limit - position) {
            throw malformed("a length of " + length + " past the end");
        }
        return (int) length;
    }

    private void advance(int count) {
        if (count > limit - position) {
            throw malformed("a field past the end");
        }
        position += count;
    }

    private long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= limit) {
                throw malformed("a varint past the end");
            }
            byte b = bytes[position++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw malformed("a varint longer than 10 bytes");
    }

    private void requireWireType(int wireType) {
        if ((tag & 7) != wireType) {
            throw malformed("field " + field() + " of wire type " + (tag & 7) + ", expected " + wireType);
        }
    }

    private static IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException("malformed Protobuf: " + what);
    }
}
