package io.cloudwego.kitex.remote.codec.ttheader;

import static io.cloudwego.kitex.testing.WireBytes.hex;
import static io.cloudwego.kitex.testing.WireBytes.normalize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.remote.FrameEncoder;
import io.cloudwego.kitex.remote.InboundMessage;
import io.cloudwego.kitex.remote.MessageHeader;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.thrift.ThriftReader;
import io.cloudwego.kitex.remote.codec.thrift.ThriftType;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.remote.netty.FrameDecoder;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.cloudwego.kitex.testing.WireBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte examples of the wire reference (kitex-wire.md §1.9 A, A', B; the Kitex Protobuf frame of
 * §3; the TTHeader Streaming Data frame of §5.2), decoded field by field and encoded byte for byte,
 * plus the ways a TTHeader can be malformed.
 */
class TTHeaderVectorsTest {

    // §1.9: struct Req{1: string msg}, service S { Resp echo(1: Req req) }, seqId=1, msg="hi".
    private static final String ECHO_ARGS = "0c 00 01 | 0b 00 01 | 00 00 00 02 68 69 | 00 | 00";
    private static final String ECHO_CALL = "80 01 00 01 | 00 00 00 04 65 63 68 6f | 00 00 00 01 | " + ECHO_ARGS;
    // §1.9: the same call for echo(1: string msg), 26 bytes.
    private static final String ECHO_STRING_ARGS = "0b 00 01 00 00 00 02 68 69 00";
    private static final String ECHO_STRING_CALL = "80 01 00 01 00 00 00 04 65 63 68 6f 00 00 00 01 " + ECHO_STRING_ARGS;

    /** §1.9 A: TTHeader, no info blocks, 48 bytes. */
    private static final String EXAMPLE_A = "00 00 00 2c | 10 00 | 00 00 | 00 00 00 01 | 00 01 | 00 | 00 | 00 00 | "
        + ECHO_CALL;
    /** §1.9 A': TTHeaderFramed, 52 bytes. */
    private static final String EXAMPLE_A_FRAMED = "00 00 00 30 10 00 00 00 00 00 00 01 00 01 00 00 00 00 | 00 00 00 1e | "
        + ECHO_CALL;

    // §1.9 B, one entry at a time so that other orders can be assembled.
    private static final String B_ISN = "00 03 69 73 6e  00 0b 45 63 68 6f 53 65 72 76 69 63 65";
    private static final String B_FROM_SERVICE = "00 03 00 06 63 6c 69 65 6e 74";
    private static final String B_FROM_METHOD = "00 14 00 00";
    private static final String B_TO_SERVICE = "00 06 00 0b 65 63 68 6f 2e 73 65 72 76 65 72";
    private static final String B_TO_METHOD = "00 09 00 04 65 63 68 6f";
    private static final String B_MSG_TYPE = "00 16 00 01 31";
    private static final String B_TRANSPORT_TYPE = "00 01 00 08 75 6e 66 72 61 6d 65 64";
    /** §1.9 B: with ClientTTHeaderHandler, 124 bytes, header info 80 bytes, no padding. */
    private static final String EXAMPLE_B = "00 00 00 78 10 00 00 00 00 00 00 01 00 14 | 00 00 | 01 00 01 | " + B_ISN
        + " | 10 00 06 | " + B_FROM_SERVICE + B_FROM_METHOD + B_TO_SERVICE + B_TO_METHOD + B_MSG_TYPE + B_TRANSPORT_TYPE
        + " | " + ECHO_CALL;

    /** §3: Kitex Protobuf CALL Echo, seq 1, body {1:"hi"}, Framed (24 bytes). */
    private static final String KITEX_PB_FRAMED = "00 00 00 14 | 90 01 00 01 | 00 00 00 04 45 63 68 6f | 00 00 00 01 | 0a 02 68 69";
    /** §3: the same in TTHeaderFramed. */
    private static final String KITEX_PB_TTHEADER_FRAMED = "00 00 00 26 10 00 00 00 00 00 00 01 00 01 00 00 00 00 | "
        + KITEX_PB_FRAMED;

    /** §5.2: TTHeader Streaming Data frame, sid 1, method Echo, body {1:"hi"}, 44 bytes. */
    private static final String STREAMING_DATA = "00 00 00 28 10 00 00 02 00 00 00 01 00 05 | 10 00 | "
        + "10 00 02 00 1b 00 01 33 00 09 00 04 45 63 68 6f | 00 00 | 0b 00 01 00 00 00 02 68 69 00";

    /** Writes the args struct of §1.9's echo(1: Req req). */
    private static final Consumer<ThriftWriter> WRITE_ECHO_ARGS = out -> {
        out.writeFieldBegin(ThriftType.STRUCT, (short) 1);
        out.writeFieldBegin(ThriftType.STRING, (short) 1);
        out.writeString("hi");
        out.writeFieldStop();
        out.writeFieldStop();
    };
    private static final MessageHeader ECHO_CALL_HEADER = new MessageHeader("echo", MessageType.CALL, 1);

    // ---------------------------------------------------------------- the Thrift payload itself

    @Test
    void theThriftCallOfTheWorkedExampleIs30BytesAndEncodesExactly() {
        assertThat(WireBytes.bytes(ECHO_CALL)).hasSize(30);
        assertThat(encode(Transport.BUFFERED, null, ECHO_CALL_HEADER, WRITE_ECHO_ARGS)).isEqualTo(normalize(ECHO_CALL));
    }

    @Test
    void theStringArgsVariantIs26BytesAndEncodesExactly() {
        assertThat(WireBytes.bytes(ECHO_STRING_CALL)).hasSize(26);
        String encoded = encode(Transport.BUFFERED, null, ECHO_CALL_HEADER, out -> {
            out.writeFieldBegin(ThriftType.STRING, (short) 1);
            out.writeString("hi");
            out.writeFieldStop();
        });
        assertThat(encoded).isEqualTo(normalize(ECHO_STRING_CALL));
    }

    @Test
    void theThriftCallDecodesToItsFields() {
        ByteBuf buf = WireBytes.buffer(ECHO_CALL);
        try {
            ThriftReader in = new ThriftReader(buf);
            assertThat(in.readMessageBegin()).isEqualTo(ECHO_CALL_HEADER);
            assertThat(readEchoArgs(in)).isEqualTo("hi");
            assertThat(buf.readableBytes()).isZero();
        } finally {
            buf.release();
        }
    }

    // ---------------------------------------------------------------- example A

    @Test
    void exampleADecodes() {
        assertThat(WireBytes.bytes(EXAMPLE_A)).hasSize(48);
        ByteBuf frame = WireBytes.buffer(EXAMPLE_A);
        try {
            TTHeader header = TTHeaderCodec.decode(frame);

            assertThat(header.flags()).isZero();
            assertThat(header.seqId()).isEqualTo(1);
            assertThat(header.protocolId()).isEqualTo(TTHeader.PROTOCOL_BINARY);
            assertThat(header.aclToken()).isNull();
            assertThat(header.hasIntInfo()).isFalse();
            assertThat(header.hasStringInfo()).isFalse();
            // 14 fixed bytes + HEADER SIZE 1 (proto, transforms, two padding bytes).
            assertThat(frame.readerIndex()).isEqualTo(18);
            assertThat(hex(frame)).isEqualTo(normalize(ECHO_CALL));
        } finally {
            frame.release();
        }
    }

    @Test
    void exampleAEncodesThroughTheFrameEncoder() {
        // A client with transport TTHeader and no header keys; also a server reply header with no
        // handlers (only the seq id is set).
        String encoded = encode(Transport.TTHEADER, new TTHeader().seqId(1), ECHO_CALL_HEADER, WRITE_ECHO_ARGS);

        assertThat(encoded).isEqualTo(normalize(EXAMPLE_A));
    }

    @Test
    void exampleADecodesThroughTheFrameDecoder() {
        InboundMessage message = decodeOne(EXAMPLE_A);
        try {
            assertThat(message.transport()).isEqualTo(Transport.TTHEADER);
            assertThat(message.header().seqId()).isEqualTo(1);
            assertThat(message.header().protocolId()).isEqualTo(TTHeader.PROTOCOL_BINARY);
            assertThat(message.message()).isEqualTo(ECHO_CALL_HEADER);
            assertThat(hex(message.body())).isEqualTo(normalize(ECHO_ARGS));
        } finally {
            message.release();
        }
    }

    // ---------------------------------------------------------------- example A'

    @Test
    void exampleAFramedDecodes() {
        assertThat(WireBytes.bytes(EXAMPLE_A_FRAMED)).hasSize(52);
        ByteBuf frame = WireBytes.buffer(EXAMPLE_A_FRAMED);
        try {
            TTHeader header = TTHeaderCodec.decode(frame);

            assertThat(header.flags()).isZero();
            assertThat(header.seqId()).isEqualTo(1);
            assertThat(header.protocolId()).isEqualTo(TTHeader.PROTOCOL_BINARY);
            assertThat(header.aclToken()).isNull();
            assertThat(header.hasIntInfo()).isFalse();
            assertThat(header.hasStringInfo()).isFalse();
            assertThat(frame.readerIndex()).isEqualTo(18);
            assertThat(frame.readInt()).as("framed length").isEqualTo(30);
            assertThat(hex(frame)).isEqualTo(normalize(ECHO_CALL));
        } finally {
            frame.release();
        }
    }

    @Test
    void exampleAFramedEncodesThroughTheFrameEncoder() {
        String encoded = encode(Transport.TTHEADER_FRAMED, new TTHeader().seqId(1), ECHO_CALL_HEADER, WRITE_ECHO_ARGS);

        assertThat(encoded).isEqualTo(normalize(EXAMPLE_A_FRAMED));
    }

    @Test
    void exampleAFramedDecodesThroughTheFrameDecoder() {
        InboundMessage message = decodeOne(EXAMPLE_A_FRAMED);
        try {
            assertThat(message.transport()).isEqualTo(Transport.TTHEADER_FRAMED);
            assertThat(message.header().seqId()).isEqualTo(1);
            assertThat(message.message()).isEqualTo(ECHO_CALL_HEADER);
            assertThat(hex(message.body())).isEqualTo(normalize(ECHO_ARGS));
        } finally {
            message.release();
        }
    }

    @Test
    void theSamePayloadFramedAndBufferedEncodesAsSection2Describes() {
        assertThat(encode(Transport.FRAMED, null, ECHO_CALL_HEADER, WRITE_ECHO_ARGS))
            .isEqualTo(normalize("00 00 00 1e " + ECHO_CALL));
        // The TTHeader is ignored for transports without one.
        assertThat(encode(Transport.BUFFERED, new TTHeader().seqId(99), ECHO_CALL_HEADER, WRITE_ECHO_ARGS))
            .isEqualTo(normalize(ECHO_CALL));
    }

    // ---------------------------------------------------------------- example B

    @Test
    void exampleBDecodes() {
        assertThat(WireBytes.bytes(EXAMPLE_B)).hasSize(124);
        ByteBuf frame = WireBytes.buffer(EXAMPLE_B);
        try {
            TTHeader header = TTHeaderCodec.decode(frame);

            assertThat(header.flags()).isZero();
            assertThat(header.seqId()).isEqualTo(1);
            assertThat(header.protocolId()).isEqualTo(TTHeader.PROTOCOL_BINARY);
            assertThat(header.aclToken()).isNull();
            assertThat(header.stringInfo()).containsExactly(Map.entry(StringKey.IDL_SERVICE_NAME, "EchoService"));
            assertThat(header.intInfo()).containsOnly(
                Map.entry(IntKey.FROM_SERVICE, "client"),
                Map.entry(IntKey.FROM_METHOD, ""),
                Map.entry(IntKey.TO_SERVICE, "echo.server"),
                Map.entry(IntKey.TO_METHOD, "echo"),
                Map.entry(IntKey.MSG_TYPE, "1"),
                Map.entry(IntKey.TRANSPORT_TYPE, "unframed"));
            assertThat(header.intValue(IntKey.FROM_METHOD)).isEmpty();
            assertThat(header.intValue(IntKey.RPC_TIMEOUT)).isNull();
            // 14 fixed bytes + HEADER SIZE 0x14 words, no padding.
            assertThat(frame.readerIndex()).isEqualTo(14 + 80);
            assertThat(hex(frame)).isEqualTo(normalize(ECHO_CALL));
        } finally {
            frame.release();
        }
    }

    @Test
    void exampleBDecodesTheSameWhateverTheKeyOrder() {
        // Kitex iterates a Go map, so any order may arrive; here the int keys in reverse.
        String reordered = "00 00 00 78 10 00 00 00 00 00 00 01 00 14 | 00 00 | 10 00 06 | "
            + B_TRANSPORT_TYPE + B_MSG_TYPE + B_TO_METHOD + B_TO_SERVICE + B_FROM_METHOD + B_FROM_SERVICE
            + " | 01 00 01 | " + B_ISN + " | " + ECHO_CALL;
        ByteBuf original = WireBytes.buffer(EXAMPLE_B);
        ByteBuf other = WireBytes.buffer(reordered);
        try {
            TTHeader a = TTHeaderCodec.decode(original);
            TTHeader b = TTHeaderCodec.decode(other);

            assertThat(b.intInfo()).isEqualTo(a.intInfo()).hasSize(6);
            assertThat(b.stringInfo()).isEqualTo(a.stringInfo()).hasSize(1);
            assertThat(other.readerIndex()).isEqualTo(original.readerIndex());
        } finally {
            original.release();
            other.release();
        }
    }

    @Test
    void exampleBEncodesThroughTheFrameEncoderWithTheClientsKeyOrder() {
        // The keys in the order KitexClient puts them (and the reference prints them).
        TTHeader header = new TTHeader().seqId(1);
        header.intInfo().put(IntKey.FROM_SERVICE, "client");
        header.intInfo().put(IntKey.FROM_METHOD, "");
        header.intInfo().put(IntKey.TO_SERVICE, "echo.server");
        header.intInfo().put(IntKey.TO_METHOD, "echo");
        header.intInfo().put(IntKey.MSG_TYPE, "1");
        header.intInfo().put(IntKey.TRANSPORT_TYPE, "unframed");
        header.stringInfo().put(StringKey.IDL_SERVICE_NAME, "EchoService");

        String encoded = encode(Transport.TTHEADER, header, ECHO_CALL_HEADER, WRITE_ECHO_ARGS);

        assertThat(encoded).isEqualTo(normalize(EXAMPLE_B));
    }

    @Test
    void exampleBDecodesThroughTheFrameDecoder() {
        InboundMessage message = decodeOne(EXAMPLE_B);
        try {
            assertThat(message.transport()).isEqualTo(Transport.TTHEADER);
            assertThat(message.header().stringValue(StringKey.IDL_SERVICE_NAME)).isEqualTo("EchoService");
            assertThat(message.header().intValue(IntKey.TO_SERVICE)).isEqualTo("echo.server");
            assertThat(message.header().intInfo()).hasSize(6);
            assertThat(message.message()).isEqualTo(ECHO_CALL_HEADER);
            assertThat(hex(message.body())).isEqualTo(normalize(ECHO_ARGS));
        } finally {
            message.release();
        }
    }

    // ---------------------------------------------------------------- §3 Kitex Protobuf in TTHeaderFramed

    @Test
    void kitexProtobufTTHeaderFramedDecodesWithProtocolIdZeroAndThePayloadAfterThePadding() {
        assertThat(WireBytes.bytes(KITEX_PB_FRAMED)).hasSize(24);
        ByteBuf frame = WireBytes.buffer(KITEX_PB_TTHEADER_FRAMED);
        try {
            TTHeader header = TTHeaderCodec.decode(frame);

            assertThat(header.flags()).isZero();
            assertThat(header.seqId()).isEqualTo(1);
            // Kitex writes 0 even for a protobuf payload; the receiver sniffs the payload.
            assertThat(header.protocolId()).isEqualTo(TTHeader.PROTOCOL_BINARY);
            assertThat(header.hasIntInfo()).isFalse();
            assertThat(header.hasStringInfo()).isFalse();
            assertThat(frame.readerIndex()).isEqualTo(18);
            assertThat(hex(frame)).isEqualTo(normalize(KITEX_PB_FRAMED));
            assertThat(frame.getInt(frame.readerIndex())).as("framed length").isEqualTo(0x14);
            assertThat(frame.getInt(frame.readerIndex() + 4) & 0xFFFF0000).as("KitexPB magic").isEqualTo(0x90010000);
        } finally {
            frame.release();
        }
    }

    @Test
    void kitexProtobufTTHeaderFramedHeaderEncodesThroughTheHeaderCodec() {
        assertThat(encodeWithHeaderCodec(new TTHeader().seqId(1), KITEX_PB_FRAMED))
            .isEqualTo(normalize(KITEX_PB_TTHEADER_FRAMED));
    }

    @Test
    void theFrameDecoderFindsKitexProtobufInsideTTHeaderByItsMagic() {
        InboundMessage message = decodeOne(KITEX_PB_TTHEADER_FRAMED);
        try {
            assertThat(message.transport()).isEqualTo(Transport.TTHEADER_FRAMED);
            assertThat(message.payloadCodec()).isEqualTo(PayloadCodec.PROTOBUF);
            assertThat(message.header().seqId()).isEqualTo(1);
            assertThat(message.message()).isEqualTo(new MessageHeader("Echo", MessageType.CALL, 1));
            assertThat(hex(message.body())).isEqualTo("0a026869");
        } finally {
            message.release();
        }
    }

    // ---------------------------------------------------------------- §5.2 TTHeader Streaming Data frame

    @Test
    void streamingDataFrameDecodes() {
        assertThat(WireBytes.bytes(STREAMING_DATA)).hasSize(44);
        ByteBuf frame = WireBytes.buffer(STREAMING_DATA);
        try {
            TTHeader header = TTHeaderCodec.decode(frame);

            assertThat(header.flags()).isEqualTo(TTHeader.FLAG_STREAMING);
            assertThat(header.seqId()).as("stream id").isEqualTo(1);
            assertThat(header.protocolId()).isEqualTo(TTHeader.PROTOCOL_THRIFT_STRUCT);
            assertThat(header.intInfo()).containsOnly(Map.entry(27, "3"), Map.entry(IntKey.TO_METHOD, "Echo"));
            assertThat(header.hasStringInfo()).isFalse();
            // 14 + HEADER SIZE 5 words (18 bytes of info, 2 of padding).
            assertThat(frame.readerIndex()).isEqualTo(34);
            assertThat(hex(frame)).isEqualTo(normalize(ECHO_STRING_ARGS));
        } finally {
            frame.release();
        }
    }

    @Test
    void streamingDataFrameEncodesThroughTheHeaderCodec() {
        TTHeader header = new TTHeader().flags(TTHeader.FLAG_STREAMING).seqId(1)
            .protocolId(TTHeader.PROTOCOL_THRIFT_STRUCT);
        header.intInfo().put(27, "3");
        header.intInfo().put(IntKey.TO_METHOD, "Echo");

        assertThat(encodeWithHeaderCodec(header, ECHO_STRING_ARGS)).isEqualTo(normalize(STREAMING_DATA));
    }

    @Test
    void theFrameDecoderRefusesTTHeaderStreaming() {
        assertThatThrownBy(() -> decodeOne(STREAMING_DATA))
            .satisfies(e -> assertThat(reasonOf(e)).isEqualTo("unsupported-protocol"))
            .hasMessageContaining("Streaming");
    }

    // ---------------------------------------------------------------- §1.11 mux control frame (built from its description)

    @Test
    void connectionResetControlFrameRoundTrips() {
        // seq 0, crrst="1", a REPLY for "none" with seq 0 and the empty struct: 15 bytes of info, 1 of padding.
        String expected = "00 00 00 2b 10 00 00 00 00 00 00 00 00 04 | 00 00 | 01 00 01 00 05 63 72 72 73 74 00 01 31 | 00 | "
            + "80 01 00 02 00 00 00 04 6e 6f 6e 65 00 00 00 00 | 00";
        TTHeader header = new TTHeader().seqId(0);
        header.stringInfo().put(StringKey.CONNECTION_RESET, "1");

        String encoded = encode(Transport.TTHEADER, header, new MessageHeader("none", MessageType.REPLY, 0),
            ThriftWriter::writeFieldStop);

        assertThat(encoded).isEqualTo(normalize(expected));
        InboundMessage message = decodeOne(expected);
        try {
            assertThat(message.header().seqId()).isZero();
            assertThat(message.header().stringInfo()).containsExactly(Map.entry("crrst", "1"));
            assertThat(message.message()).isEqualTo(new MessageHeader("none", MessageType.REPLY, 0));
            assertThat(hex(message.body())).isEqualTo("00");
        } finally {
            message.release();
        }
    }

    // ---------------------------------------------------------------- other header shapes

    @Test
    void encodesAclTokenThenStringKeysThenIntKeysThenPadding() {
        TTHeader header = new TTHeader().seqId(7).aclToken("tok");
        header.stringInfo().put("k", "v");
        header.intInfo().put(1, "x");

        String encoded = encodeWithHeaderCodec(header, "");

        // 2 + 6 (acl) + 9 (string block) + 8 (int block) = 25 bytes, 3 of padding, HEADER SIZE 7.
        assertThat(encoded).isEqualTo(normalize("00 00 00 26 10 00 00 00 00 00 00 07 00 07 | 00 00 | 11 00 03 74 6f 6b"
            + " | 01 00 01 00 01 6b 00 01 76 | 10 00 01 00 01 00 01 78 | 00 00 00"));
        ByteBuf frame = WireBytes.buffer(encoded);
        try {
            TTHeader decoded = TTHeaderCodec.decode(frame);
            assertThat(decoded.aclToken()).isEqualTo("tok");
            assertThat(decoded.stringInfo()).containsExactly(Map.entry("k", "v"));
            assertThat(decoded.intInfo()).containsExactly(Map.entry(1, "x"));
            assertThat(frame.readableBytes()).isZero();
        } finally {
            frame.release();
        }
    }

    @Test
    void keysAreWrittenInInsertionOrder() {
        TTHeader header = new TTHeader();
        for (int key : new int[] {22, 9, 3, 20, 1, 6}) {
            header.intInfo().put(key, "");
        }
        for (String key : new String[] {"z", "a", "m"}) {
            header.stringInfo().put(key, "");
        }

        String encoded = encodeWithHeaderCodec(header, "");

        assertThat(encoded).contains(normalize("01 00 03 | 00 01 7a 00 00 | 00 01 61 00 00 | 00 01 6d 00 00"
            + " | 10 00 06 | 00 16 00 00 | 00 09 00 00 | 00 03 00 00 | 00 14 00 00 | 00 01 00 00 | 00 06 00 00"));
    }

    @Test
    void roundTripsFlagsAndSeqIdsAtTheirExtremes() {
        TTHeader header = new TTHeader().flags(0xFFFF).seqId(Integer.MIN_VALUE).protocolId(TTHeader.PROTOCOL_PROTOBUF_STRUCT);
        String encoded = encodeWithHeaderCodec(header, "");

        assertThat(encoded).startsWith(normalize("00 00 00 0e 10 00 ff ff 80 00 00 00 00 01 11 00 00 00"));
        ByteBuf frame = WireBytes.buffer(encoded);
        try {
            TTHeader decoded = TTHeaderCodec.decode(frame);
            assertThat(decoded.flags()).isEqualTo(0xFFFF);
            assertThat(decoded.seqId()).isEqualTo(Integer.MIN_VALUE);
            assertThat(decoded.protocolId()).isEqualTo(TTHeader.PROTOCOL_PROTOBUF_STRUCT);
        } finally {
            frame.release();
        }
    }

    @Test
    void roundTripsNonAsciiKeysAndValues() {
        TTHeader header = new TTHeader().seqId(3);
        header.stringInfo().put("RPC_TRANSIT_名字", "值 😀");
        header.intInfo().put(IntKey.FROM_SERVICE, "服务");
        ByteBuf frame = WireBytes.buffer(encodeWithHeaderCodec(header, ECHO_CALL));
        try {
            TTHeader decoded = TTHeaderCodec.decode(frame);
            assertThat(decoded.stringInfo()).containsExactly(Map.entry("RPC_TRANSIT_名字", "值 😀"));
            assertThat(decoded.intInfo()).containsExactly(Map.entry(IntKey.FROM_SERVICE, "服务"));
            assertThat(hex(frame)).isEqualTo(normalize(ECHO_CALL));
        } finally {
            frame.release();
        }
    }

    @Test
    void unpairedSurrogatesInHeaderStringsBecomeQuestionMarksAndSpareTheNextCharacter() {
        TTHeader header = new TTHeader();
        header.stringInfo().put("k\uD800", "\uD800\u4e2d");
        header.intInfo().put(IntKey.TO_METHOD, "\uD800\u00e9\uDC00");

        String encoded = encodeWithHeaderCodec(header, "");

        // "k?" = "?中", 9 = "?é?": as String.getBytes(UTF_8) encodes them.
        assertThat(encoded).contains(normalize("01 00 01 | 00 02 6b 3f | 00 04 3f e4 b8 ad | 10 00 01 | 00 09 00 04 3f c3 a9 3f"));
        ByteBuf frame = WireBytes.buffer(encoded);
        try {
            TTHeader decoded = TTHeaderCodec.decode(frame);
            assertThat(decoded.stringInfo()).containsExactly(Map.entry("k?", "?\u4e2d"));
            assertThat(decoded.intInfo()).containsExactly(Map.entry(IntKey.TO_METHOD, "?\u00e9?"));
        } finally {
            frame.release();
        }
    }

    @Test
    void writesFramesBackToBackIntoOneBuffer() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            for (int i = 0; i < 2; i++) {
                int start = TTHeaderCodec.writeHeader(out, new TTHeader().seqId(1));
                assertThat(start).isEqualTo(i * 48);
                out.writeBytes(WireBytes.bytes(ECHO_CALL));
                TTHeaderCodec.finishFrame(out, start);
            }
            assertThat(hex(out)).isEqualTo(normalize(EXAMPLE_A + EXAMPLE_A));
        } finally {
            out.release();
        }
    }

    @Test
    void decodesPaddingBytesAnywhereInTheHeaderAndIgnoresTransformIds() {
        // proto 0, 2 transforms (ZLIB, SNAPPY), padding, string block, padding, int block, padding: 28 bytes.
        String frame = ttheader("10 00 00 01 00 00 00 05 00 07 | 00 02 01 03 | 00 00 | 01 00 01 00 01 6b 00 01 76 | 00"
            + " | 10 00 01 00 01 00 01 78 | 00 00 00 00 | " + ECHO_CALL);
        ByteBuf buf = WireBytes.buffer(frame);
        try {
            TTHeader header = TTHeaderCodec.decode(buf);
            assertThat(header.flags()).isEqualTo(1);
            assertThat(header.seqId()).isEqualTo(5);
            assertThat(header.stringInfo()).containsExactly(Map.entry("k", "v"));
            assertThat(header.intInfo()).containsExactly(Map.entry(1, "x"));
            assertThat(buf.readerIndex()).isEqualTo(14 + 28);
            assertThat(hex(buf)).isEqualTo(normalize(ECHO_CALL));
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x03, 0x04, 0x10, 0x11})
    void acceptsEveryProtocolIdKitexAccepts(int protocolId) {
        ByteBuf buf = WireBytes.buffer(ttheader(String.format("10 00 00 00 00 00 00 01 00 01 %02x 00 00 00", protocolId)));
        try {
            assertThat(TTHeaderCodec.decode(buf).protocolId()).isEqualTo(protocolId);
        } finally {
            buf.release();
        }
    }

    @Test
    void acceptsTheLargestHeaderSize() {
        // HEADER SIZE 0xFFFF words = 262140 bytes, the reference's MaxHeaderSize.
        assertThat(TTHeaderCodec.MAX_HEADER_SIZE).isEqualTo(262140);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            buf.writeInt(0).writeShort(0x1000).writeShort(0).writeInt(1).writeShort(0xFFFF);
            buf.writeZero(TTHeaderCodec.MAX_HEADER_SIZE);
            buf.writeBytes(WireBytes.bytes(ECHO_CALL));
            buf.setInt(0, buf.readableBytes() - 4);

            TTHeader header = TTHeaderCodec.decode(buf);

            assertThat(header.hasIntInfo()).isFalse();
            assertThat(buf.readerIndex()).isEqualTo(14 + TTHeaderCodec.MAX_HEADER_SIZE);
            assertThat(hex(buf)).isEqualTo(normalize(ECHO_CALL));
        } finally {
            buf.release();
        }
    }

    // ---------------------------------------------------------------- encode errors

    @Test
    void refusesToEncodeAStringLongerThan65535Bytes() {
        TTHeader header = new TTHeader();
        header.stringInfo().put("k", "x".repeat(65536));
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            assertThatThrownBy(() -> TTHeaderCodec.writeHeader(out, header))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
        } finally {
            out.release();
        }
        // 65535 bytes is still fine.
        header.stringInfo().put("k", "x".repeat(65535));
        assertThat(encodeWithHeaderCodec(header, "")).hasSize(2 * (14 + 2 + 3 + 3 + 2 + 65535 + 3));
    }

    @Test
    void refusesToEncodeHeaderInfoBeyondTheMaximumAndTheFrameEncoderReleasesItsBuffer() {
        TTHeader header = new TTHeader();
        for (int key = 0; key < 5; key++) {
            header.intInfo().put(key, "x".repeat(60000));
        }

        assertThatThrownBy(() -> FrameEncoder.encode(PooledByteBufAllocator.DEFAULT, Transport.TTHEADER, header,
            ECHO_CALL_HEADER, WRITE_ECHO_ARGS))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("exceeds " + TTHeaderCodec.MAX_HEADER_SIZE);
    }

    // ---------------------------------------------------------------- decode errors

    @Test
    void rejectsAFrameShorterThanTheFixedHeader() {
        assertDecodeFails("00 00 00 06 10 00 00 00 00 01", "truncated", "TTHeader frame of 10 bytes");
    }

    @Test
    void rejectsBadMagic() {
        assertDecodeFails(ttheader("10 01 00 00 00 00 00 01 00 01 00 00 00 00 " + ECHO_CALL), "bad-magic",
            "TTHeader magic 0x1001");
        assertDecodeFails(ttheader("ff af 00 00 00 00 00 01 00 01 00 00 00 00 " + ECHO_CALL), "bad-magic",
            "TTHeader magic 0xffaf");
    }

    @Test
    void rejectsHeaderSizeZero() {
        assertDecodeFails(ttheader("10 00 00 00 00 00 00 01 00 00 " + ECHO_CALL), "bad-header-size",
            "header size 0");
    }

    @Test
    void rejectsHeaderSizeBeyondTheFrame() {
        // 9 words = 36 bytes claimed, 34 present (4 of header + the 30-byte message).
        assertDecodeFails(ttheader("10 00 00 00 00 00 00 01 00 09 00 00 00 00 " + ECHO_CALL), "bad-header-size",
            "header size 36");
        // The largest size, with nothing after it.
        assertDecodeFails(ttheader("10 00 00 00 00 00 00 01 ff ff 00 00 00 00"), "bad-header-size",
            "header size 262140");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x02, 0x05, 0x0f, 0x12, 0x80, 0xff})
    void rejectsUnknownProtocolIds(int protocolId) {
        assertDecodeFails(ttheader(String.format("10 00 00 00 00 00 00 01 00 01 %02x 00 00 00", protocolId) + ECHO_CALL),
            "bad-protocol-id", "unsupported ProtocolID " + protocolId);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x02, 0x0f, 0x12, 0x20, 0xff})
    void rejectsUnknownInfoIds(int infoId) {
        assertDecodeFails(ttheader(String.format("10 00 00 00 00 00 00 01 00 01 00 00 00 %02x", infoId) + ECHO_CALL),
            "bad-info-id", "invalid TTHeader info id " + infoId);
    }

    @Test
    void rejectsTransformIdsRunningPastTheHeaderEnd() {
        // 3 transforms announced, 2 bytes left in the header.
        assertDecodeFails(ttheader("10 00 00 00 00 00 00 01 00 01 00 03 01 03 " + ECHO_CALL), "truncated", "header end");
    }

    @Test
    void rejectsInfoBlocksWithoutRoomForTheirCount() {
        for (int infoId : new int[] {0x01, 0x10}) {
            // The info id is the header's last byte.
            assertDecodeFails(ttheader(String.format("10 00 00 00 00 00 00 01 00 01 00 00 00 %02x", infoId) + ECHO_CALL),
                "truncated", "header end");
        }
    }

    @Test
    void rejectsCountsThatTheHeaderCannotHold() {
        // String block claiming 5 entries (at least 20 bytes) with 3 bytes left.
        assertDecodeFails(ttheader("10 00 00 00 00 00 00 01 00 02 | 00 00 01 00 05 00 00 00 | " + ECHO_CALL),
            "truncated", "header end");
        // Int block claiming 2 entries with one entry's worth (and padding) left.
        assertDecodeFails(ttheader("10 00 00 00 00 00 00 01 00 03 | 00 00 10 00 02 00 01 00 01 78 00 00 | " + ECHO_CALL),
            "truncated", "header end");
    }

    @Test
    void rejectsAnIntKeyCutByTheHeaderEnd() {
        // Int block of 2 entries (11 bytes left, enough for the count check); the first takes 10, so the
        // second key has 1 of its 2 bytes inside the header.
        assertDecodeFails(ttheader("10 00 00 00 00 00 00 01 00 04 | 00 00 10 00 02 00 01 00 06 61 62 63 64 65 66 00 | "
            + ECHO_CALL),
            "truncated", "header end");
    }

    @Test
    void rejectsStringLengthsPastTheHeaderEndEvenWhenThePayloadFollows() {
        // Int value of 5 bytes with 3 left in the header; the payload would supply the missing bytes.
        assertDecodeFails(ttheader("10 00 00 00 00 00 00 01 00 03 | 00 00 10 00 01 00 01 00 05 61 62 63 | " + ECHO_CALL),
            "truncated", "header end");
        // String value of 9 bytes with 2 left.
        assertDecodeFails(ttheader("10 00 00 00 00 00 00 01 00 03 | 00 00 01 00 01 00 01 6b 00 09 76 00 | " + ECHO_CALL),
            "truncated", "header end");
        // String key of 0x0100 bytes with 5 left.
        assertDecodeFails(ttheader("10 00 00 00 00 00 00 01 00 03 | 00 00 01 00 01 01 00 6b 00 01 76 00 | " + ECHO_CALL),
            "truncated", "header end");
        // ACL token whose length is itself cut.
        assertDecodeFails(ttheader("10 00 00 00 00 00 00 01 00 01 | 00 00 11 00 | " + ECHO_CALL), "truncated", "header end");
        // ACL token of 4 bytes with 3 left.
        assertDecodeFails(ttheader("10 00 00 00 00 00 00 01 00 02 | 00 00 11 00 04 74 6f 6b | " + ECHO_CALL),
            "truncated", "header end");
    }

    // ---------------------------------------------------------------- helpers

    /** {@code afterLength} prefixed with its LENGTH field. */
    private static String ttheader(String afterLength) {
        return String.format("%08x", WireBytes.bytes(afterLength).length) + normalize(afterLength);
    }

    private static void assertDecodeFails(String frameHex, String reason, String messagePart) {
        ByteBuf frame = WireBytes.buffer(frameHex);
        try {
            assertThatThrownBy(() -> TTHeaderCodec.decode(frame))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(reason));
        } finally {
            frame.release();
        }
    }

    private static String encode(Transport transport, TTHeader header, MessageHeader message, Consumer<ThriftWriter> body) {
        ByteBuf out = FrameEncoder.encode(PooledByteBufAllocator.DEFAULT, transport, header, message, body);
        try {
            return hex(out);
        } finally {
            out.release();
        }
    }

    /** A TTHeader frame written with {@link TTHeaderCodec}, around {@code payloadHex}. */
    private static String encodeWithHeaderCodec(TTHeader header, String payloadHex) {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            int start = TTHeaderCodec.writeHeader(out, header);
            out.writeBytes(WireBytes.bytes(payloadHex));
            TTHeaderCodec.finishFrame(out, start);
            return hex(out);
        } finally {
            out.release();
        }
    }

    /** Decodes {@code hex} through a {@link FrameDecoder}; it must hold exactly one message. */
    private static InboundMessage decodeOne(String hex) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
        try {
            channel.writeInbound(WireBytes.buffer(hex));
            InboundMessage message = channel.readInbound();
            assertThat(message).isNotNull();
            assertThat((Object) channel.readInbound()).isNull();
            return message;
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** Reads §1.9's args struct and returns Req.msg. */
    private static String readEchoArgs(ThriftReader in) {
        String msg = null;
        for (byte type = in.readFieldType(); type != ThriftType.STOP; type = in.readFieldType()) {
            short id = in.readFieldId();
            if (id == 1 && type == ThriftType.STRUCT) {
                for (byte inner = in.readFieldType(); inner != ThriftType.STOP; inner = in.readFieldType()) {
                    short innerId = in.readFieldId();
                    if (innerId == 1 && inner == ThriftType.STRING) {
                        msg = in.readString();
                    } else {
                        in.skip(inner);
                    }
                }
            } else {
                in.skip(type);
            }
        }
        return msg;
    }

    /** The reason of the {@link ProtocolException} that {@code e} is or wraps (the channel wraps it). */
    private static String reasonOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProtocolException p) {
                return p.reason();
            }
        }
        throw new AssertionError("no ProtocolException in", e);
    }
}
