package io.cloudwego.kitex.remote.codec.thrift;

/** The type ids of Thrift's binary protocol. */
public final class ThriftType {
    public static final byte STOP = 0;
    public static final byte VOID = 1;
    public static final byte BOOL = 2;
    public static final byte BYTE = 3;
    public static final byte DOUBLE = 4;
    public static final byte I16 = 6;
    public static final byte I32 = 8;
    public static final byte I64 = 10;
    public static final byte STRING = 11;
    public static final byte STRUCT = 12;
    public static final byte MAP = 13;
    public static final byte SET = 14;
    public static final byte LIST = 15;
    public static final byte UUID = 16;

    private ThriftType() {
    }

    /**
     * The fewest bytes one value of the type takes on the wire, or -1 for an unknown type. Used to
     * reject container sizes that the remaining bytes cannot hold before anything is allocated.
     */
    public static int minEncodedSize(byte type) {
        switch (type) {
            case BOOL:
            case BYTE:
            case STRUCT:
                return 1;
            case I16:
                return 2;
            case I32:
            case STRING:
                return 4;
            case DOUBLE:
            case I64:
                return 8;
            case MAP:
                return 6;
            case SET:
            case LIST:
                return 5;
            case UUID:
                return 16;
            default:
                return -1;
        }
    }
}
