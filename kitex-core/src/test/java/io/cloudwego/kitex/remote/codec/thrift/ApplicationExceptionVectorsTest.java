package io.cloudwego.kitex.remote.codec.thrift;

import static io.cloudwego.kitex.testing.WireBytes.hex;
import static io.cloudwego.kitex.testing.WireBytes.normalize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.remote.FrameEncoder;
import io.cloudwego.kitex.remote.MessageHeader;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.testing.WireBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The EXCEPTION message of reference §4.1: {@code 80 01 00 03 <name> <seq> 0b 00 01 <msg> 08 00 02 <type> 00}.
 */
class ApplicationExceptionVectorsTest {

    private static final String ECHO_EXCEPTION_HEADER = "80 01 00 03 | 00 00 00 04 65 63 68 6f | 00 00 00 01";
    private static final MessageHeader ECHO_EXCEPTION = new MessageHeader("echo", MessageType.EXCEPTION, 1);

    /** §4.1's example for echo, seq 1, filled in with a handler error: type 6, "biz error: boom". */
    private static final String BIZ_ERROR_STRUCT = "0b 00 01 | 00 00 00 0f 62 69 7a 20 65 72 72 6f 72 3a 20 62 6f 6f 6d"
        + " | 08 00 02 | 00 00 00 06 | 00";

    @Test
    void encodesTheReferenceLayoutMessageThenTypeThenStop() {
        String encoded = encodeMessage(new RemoteApplicationException(RemoteApplicationException.INTERNAL_ERROR,
            "biz error: boom"));

        assertThat(encoded).isEqualTo(normalize(ECHO_EXCEPTION_HEADER + BIZ_ERROR_STRUCT));
    }

    @Test
    void decodesTheReferenceLayout() {
        ByteBuf buf = WireBytes.buffer(ECHO_EXCEPTION_HEADER + BIZ_ERROR_STRUCT);
        try {
            ThriftReader in = new ThriftReader(buf);
            assertThat(in.readMessageBegin()).isEqualTo(ECHO_EXCEPTION);

            RemoteApplicationException e = ApplicationExceptionCodec.INSTANCE.read(in);

            assertThat(e.type()).isEqualTo(6);
            assertThat(e.getMessage()).isEqualTo("biz error: boom");
            assertThat(buf.readableBytes()).isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void encodesAnUnknownMethodReplyInEveryTransport() {
        // "unknown method echo (service S)": 31 bytes; type 1.
        String struct = "0b 00 01 00 00 00 1f " + asciiHex("unknown method echo (service S)") + " 08 00 02 00 00 00 01 00";
        String message = ECHO_EXCEPTION_HEADER + struct;
        RemoteApplicationException e = new RemoteApplicationException(RemoteApplicationException.UNKNOWN_METHOD,
            "unknown method echo (service S)");

        assertThat(encode(Transport.BUFFERED, e)).isEqualTo(normalize(message));
        assertThat(encode(Transport.FRAMED, e))
            .isEqualTo(String.format("%08x", WireBytes.bytes(message).length) + normalize(message));
        assertThat(encode(Transport.TTHEADER, e)).endsWith(normalize(message));
    }

    @Test
    void leavesOutTheMessageFieldWhenThereIsNone() {
        String encoded = encodeMessage(new RemoteApplicationException(RemoteApplicationException.MISSING_RESULT, null));

        assertThat(encoded).isEqualTo(normalize(ECHO_EXCEPTION_HEADER + "08 00 02 00 00 00 05 00"));
        RemoteApplicationException decoded = decodeStruct("08 00 02 00 00 00 05 00");
        assertThat(decoded.type()).isEqualTo(RemoteApplicationException.MISSING_RESULT);
        assertThat(decoded.getMessage()).isEmpty();
    }

    @Test
    void roundTripsAnEmptyAndANonAsciiMessage() {
        for (String message : new String[] {"", "错误 😀 \u00e9"}) {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
            try {
                ApplicationExceptionCodec.INSTANCE.write(new ThriftWriter(buf),
                    new RemoteApplicationException(RemoteApplicationException.PROTOCOL_ERROR, message));
                RemoteApplicationException decoded = ApplicationExceptionCodec.INSTANCE.read(new ThriftReader(buf));
                assertThat(decoded.getMessage()).isEqualTo(message);
                assertThat(decoded.type()).isEqualTo(RemoteApplicationException.PROTOCOL_ERROR);
                assertThat(buf.readableBytes()).isZero();
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void decodesFieldsInAnyOrderAndSkipsWhatItDoesNotKnow() {
        // type first; an unknown i64 field 3; a list field 4; then the message.
        RemoteApplicationException e = decodeStruct("08 00 02 00 00 00 14 | 0a 00 03 00 00 00 00 00 00 00 07"
            + " | 0f 00 04 0b 00 00 00 01 00 00 00 01 78 | 0b 00 01 00 00 00 02 68 69 | 00");

        assertThat(e.type()).isEqualTo(RemoteApplicationException.UNKNOWN_SERVICE);
        assertThat(e.getMessage()).isEqualTo("hi");
    }

    @Test
    void skipsKnownIdsWithTheWrongType() {
        // field 1 as an i32 and field 2 as a string: both skipped, so the defaults stay.
        RemoteApplicationException e = decodeStruct("08 00 01 00 00 00 09 | 0b 00 02 00 00 00 01 78 | 00");

        assertThat(e.type()).isEqualTo(RemoteApplicationException.UNKNOWN);
        assertThat(e.getMessage()).isEmpty();
    }

    @Test
    void keepsTheLastValueOfARepeatedField() {
        RemoteApplicationException e = decodeStruct("08 00 02 00 00 00 01 08 00 02 00 00 00 15 00");

        assertThat(e.type()).isEqualTo(RemoteApplicationException.NO_SERVICE_NAME);
    }

    @Test
    void roundTripsTypesOutsideTheTable() {
        for (int type : new int[] {-1, 11, 12001, Integer.MAX_VALUE}) {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
            try {
                ApplicationExceptionCodec.INSTANCE.write(new ThriftWriter(buf), new RemoteApplicationException(type, "m"));
                assertThat(ApplicationExceptionCodec.INSTANCE.read(new ThriftReader(buf)).type()).isEqualTo(type);
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void aTruncatedStructIsAProtocolError() {
        String full = normalize(BIZ_ERROR_STRUCT);
        // Every proper prefix of the struct lacks something: a field header, a length, bytes or the STOP.
        for (int cut = 0; cut < full.length(); cut += 2) {
            String prefix = full.substring(0, cut);
            ByteBuf buf = WireBytes.buffer(prefix);
            try {
                assertThatThrownBy(() -> ApplicationExceptionCodec.INSTANCE.read(new ThriftReader(buf)))
                    .as("prefix of %d bytes", cut / 2)
                    .isInstanceOf(ProtocolException.class)
                    .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo("truncated"));
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void anUnknownFieldTypeIsAProtocolError() {
        ByteBuf buf = WireBytes.buffer("07 00 09 00");
        try {
            assertThatThrownBy(() -> ApplicationExceptionCodec.INSTANCE.read(new ThriftReader(buf)))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo("bad-field-type"));
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0, UNKNOWN", "1, UNKNOWN_METHOD", "2, INVALID_MESSAGE_TYPE", "3, WRONG_METHOD_NAME", "4, BAD_SEQUENCE_ID",
        "5, MISSING_RESULT", "6, INTERNAL_ERROR", "7, PROTOCOL_ERROR", "8, INVALID_TRANSFORM", "9, INVALID_PROTOCOL",
        "10, UNSUPPORTED_CLIENT_TYPE", "20, UNKNOWN_SERVICE", "21, NO_SERVICE_NAME",
    })
    void typeConstantsHaveTheReferenceIds(int id, String name) throws ReflectiveOperationException {
        assertThat(RemoteApplicationException.class.getField(name).getInt(null)).isEqualTo(id);
        // And each travels as that i32.
        String struct = decodeAndReencode(String.format("0b 00 01 00 00 00 01 6d 08 00 02 %08x 00", id));
        assertThat(struct).isEqualTo(normalize(String.format("0b 00 01 00 00 00 01 6d 08 00 02 %08x 00", id)));
    }

    @Test
    void theExceptionCarriesTypeAndMessage() {
        RemoteApplicationException e = new RemoteApplicationException(RemoteApplicationException.UNKNOWN_SERVICE,
            "unknown service Nope");

        assertThat(e.type()).isEqualTo(20);
        assertThat(e.getMessage()).isEqualTo("unknown service Nope");
        assertThat(e.mayHaveReachedServer()).isTrue();
        assertThat(e.toString()).contains("type=20").contains("unknown service Nope");
    }

    // ---------------------------------------------------------------- helpers

    private static String encodeMessage(RemoteApplicationException e) {
        return encode(Transport.BUFFERED, e);
    }

    private static String encode(Transport transport, RemoteApplicationException e) {
        ByteBuf out = FrameEncoder.encode(PooledByteBufAllocator.DEFAULT, transport,
            new TTHeader().seqId(1), ECHO_EXCEPTION,
            w -> w.writeStruct(ApplicationExceptionCodec.INSTANCE, e));
        try {
            return hex(out);
        } finally {
            out.release();
        }
    }

    private static RemoteApplicationException decodeStruct(String hex) {
        ByteBuf buf = WireBytes.buffer(hex);
        try {
            RemoteApplicationException e = new ThriftReader(buf).readStruct(ApplicationExceptionCodec.INSTANCE);
            assertThat(buf.readableBytes()).as("bytes left after the struct").isZero();
            return e;
        } finally {
            buf.release();
        }
    }

    private static String decodeAndReencode(String hex) {
        RemoteApplicationException e = decodeStruct(hex);
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            new ThriftWriter(out).writeStruct(ApplicationExceptionCodec.INSTANCE, e);
            return hex(out);
        } finally {
            out.release();
        }
    }

    private static String asciiHex(String s) {
        return ByteBufUtil.hexDump(s.getBytes(StandardCharsets.UTF_8));
    }
}
