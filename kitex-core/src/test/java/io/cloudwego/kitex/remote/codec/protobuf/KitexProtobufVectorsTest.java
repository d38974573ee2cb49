package io.cloudwego.kitex.remote.codec.protobuf;

import io.cloudwego.kitex.remote.codec.MessageCodec;
import static io.cloudwego.kitex.testing.WireBytes.hex;
import static io.cloudwego.kitex.testing.WireBytes.normalize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.ByteString;
import com.google.protobuf.StringValue;
import com.google.protobuf.UnknownFieldSet;
import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.remote.FrameEncoder;
import io.cloudwego.kitex.remote.InboundMessage;
import io.cloudwego.kitex.remote.MessageHeader;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.MethodPayload;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.remote.netty.FrameDecoder;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.cloudwego.kitex.testing.WireBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Kitex Protobuf byte examples of the wire reference (kitex-wire.md §3) and an {@code ErrorProto}
 * exception reply, decoded and encoded byte for byte in both carriers, and the ways a Kitex Protobuf
 * frame can be malformed.
 */
class KitexProtobufVectorsTest {
    private static final MessageCodec<StringValue> STRING = MessageCodec.of(StringValue.parser());

    /** §3: CALL Echo, seq 1, body {1:"hi"}, Framed (24 bytes). */
    private static final String CALL_FRAMED = "00 00 00 14 | 90 01 00 01 | 00 00 00 04 45 63 68 6f | 00 00 00 01 | 0a 02 68 69";
    /** §3: the TTHeaderFramed prefix of the same call. */
    private static final String TTHEADER_PREFIX = "00 00 00 26 10 00 00 00 00 00 00 01 00 01 00 00 00 00";
    private static final MessageHeader ECHO_CALL = new MessageHeader("Echo", MessageType.CALL, 1);

    /** EXCEPTION Echo, seq 1, ErrorProto{TypeID=6, Message="biz error: boom"}, Framed (39 bytes). */
    private static final String ERROR_BODY = "08 06 | 12 0f 62 69 7a 20 65 72 72 6f 72 3a 20 62 6f 6f 6d";
    private static final String EXCEPTION_FRAMED = "00 00 00 23 | 90 01 00 03 | 00 00 00 04 45 63 68 6f | 00 00 00 01 | "
        + ERROR_BODY;

    @Test
    void theFramedCallDecodesFieldByField() {
        assertThat(WireBytes.bytes(CALL_FRAMED)).hasSize(24);
        InboundMessage message = decodeOne(CALL_FRAMED);
        try {
            assertThat(message.transport()).isEqualTo(Transport.FRAMED);
            assertThat(message.payloadCodec()).isEqualTo(PayloadCodec.PROTOBUF);
            assertThat(message.header()).isNull();
            assertThat(message.message()).isEqualTo(ECHO_CALL);
            assertThat(STRING.read(message.body())).isEqualTo(StringValue.of("hi"));
        } finally {
            message.release();
        }
    }

    @Test
    void theTTHeaderFramedCallDecodesWithTheSameMessage() {
        InboundMessage message = decodeOne(TTHEADER_PREFIX + CALL_FRAMED);
        try {
            assertThat(message.transport()).isEqualTo(Transport.TTHEADER_FRAMED);
            assertThat(message.payloadCodec()).isEqualTo(PayloadCodec.PROTOBUF);
            assertThat(message.header().seqId()).isEqualTo(1);
            assertThat(message.header().protocolId()).as("Kitex writes 0 for KitexPB too").isZero();
            assertThat(message.message()).isEqualTo(ECHO_CALL);
            assertThat(STRING.read(message.body())).isEqualTo(StringValue.of("hi"));
        } finally {
            message.release();
        }
    }

    @Test
    void theCallEncodesByteForByteInBothCarriers() {
        Consumer<ByteBuf> hi = out -> STRING.write(out, StringValue.of("hi"));

        assertThat(encode(Transport.FRAMED, null, ECHO_CALL, hi)).isEqualTo(normalize(CALL_FRAMED));
        assertThat(encode(Transport.TTHEADER_FRAMED, new TTHeader().seqId(1), ECHO_CALL, hi))
            .isEqualTo(normalize(TTHEADER_PREFIX + CALL_FRAMED));
    }

    @Test
    void anErrorProtoExceptionReplyEncodesAndDecodes() {
        RemoteApplicationException error = new RemoteApplicationException(6, "biz error: boom");

        String encoded = encode(Transport.FRAMED, null, new MessageHeader("Echo", MessageType.EXCEPTION, 1),
            out -> MethodPayload.writeApplicationException(PayloadCodec.PROTOBUF, out, error));

        assertThat(encoded).isEqualTo(normalize(EXCEPTION_FRAMED));
        InboundMessage message = decodeOne(EXCEPTION_FRAMED);
        try {
            assertThat(message.message()).isEqualTo(new MessageHeader("Echo", MessageType.EXCEPTION, 1));
            RemoteApplicationException decoded =
                MethodPayload.readApplicationException(PayloadCodec.PROTOBUF, message.body());
            assertThat(decoded.type()).isEqualTo(6);
            assertThat(decoded.getMessage()).isEqualTo("biz error: boom");
        } finally {
            message.release();
        }
    }

    @Test
    void theErrorProtoBodyIsWhatProtobufJavaReadsAsFieldsOneAndTwo() throws Exception {
        UnknownFieldSet fields = UnknownFieldSet.parseFrom(WireBytes.bytes(ERROR_BODY));

        assertThat(fields.getField(1).getVarintList()).containsExactly(6L);
        assertThat(fields.getField(2).getLengthDelimitedList()).containsExactly(ByteString.copyFromUtf8("biz error: boom"));
        assertThat(fields.asMap()).containsOnlyKeys(1, 2);
    }

    @Test
    void errorProtoReadsDefaultsAndSkipsUnknownFields() {
        ByteBuf empty = WireBytes.buffer("");
        ByteBuf withExtra = WireBytes.buffer("18 07 | 08 01 | 12 01 78");
        try {
            RemoteApplicationException none = KitexProtobuf.readError(empty);
            assertThat(none.type()).isZero();
            assertThat(none.getMessage()).isEmpty();
            RemoteApplicationException extra = KitexProtobuf.readError(withExtra);
            assertThat(extra.type()).isEqualTo(1);
            assertThat(extra.getMessage()).isEqualTo("x");
        } finally {
            empty.release();
            withExtra.release();
        }
    }

    @Test
    void aMalformedErrorProtoIsAProtocolError() {
        ByteBuf truncated = WireBytes.buffer("12 05 61 62");
        try {
            assertThatThrownBy(() -> KitexProtobuf.readError(truncated))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo("bad-protobuf-message"));
        } finally {
            truncated.release();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"FRAMED", "TTHEADER_FRAMED"})
    void aZeroLengthBodyIsTheDefaultMessage(Transport transport) {
        String encoded = encode(transport, new TTHeader().seqId(9), new MessageHeader("Echo", MessageType.REPLY, 9),
            out -> STRING.write(out, StringValue.getDefaultInstance()));

        InboundMessage message = decodeOne(encoded);
        try {
            assertThat(message.transport()).isEqualTo(transport);
            assertThat(message.message()).isEqualTo(new MessageHeader("Echo", MessageType.REPLY, 9));
            assertThat(message.body().readableBytes()).isZero();
            assertThat(STRING.read(message.body())).isEqualTo(StringValue.getDefaultInstance());
        } finally {
            message.release();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TTHEADER", "BUFFERED", "GRPC"})
    void transportsThatAreNotFramedCannotCarryIt(Transport transport) {
        assertThatThrownBy(() -> FrameEncoder.encode(PooledByteBufAllocator.DEFAULT, transport, new TTHeader(),
            PayloadCodec.PROTOBUF, ECHO_CALL, out -> { }))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(transport == Transport.GRPC ? "gRPC" : transport.name());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        // Method-name length larger than what the frame holds.
        "name longer than the frame; 00 00 00 10 | 90 01 00 01 | 00 00 01 00 45 63 68 6f | 00 00 00 01; truncated",
        // Negative method-name length.
        "negative name length; 00 00 00 10 | 90 01 00 01 | ff ff ff fc 45 63 68 6f | 00 00 00 01; negative-length",
        // The frame ends inside the name length.
        "frame ends in the header; 00 00 00 06 | 90 01 00 01 | 00 00; truncated",
        // The frame ends before the seq id.
        "no seq id; 00 00 00 0c | 90 01 00 01 | 00 00 00 04 45 63 68 6f; truncated",
        // Message types 5 and up are not Kitex Protobuf's; ONEWAY (4) is Thrift only.
        "message type 5; 00 00 00 10 | 90 01 00 05 | 00 00 00 04 45 63 68 6f | 00 00 00 01; bad-message-type",
        "oneway; 00 00 00 10 | 90 01 00 04 | 00 00 00 04 45 63 68 6f | 00 00 00 01; bad-message-type",
        // Inside a TTHeader, a framed length that disagrees with the TTHeader's.
        "framed length past the TTHeader; 00 00 00 26 10 00 00 00 00 00 00 01 00 01 00 00 00 00 | 00 00 00 40 90 01 00 01 "
            + "00 00 00 04 45 63 68 6f 00 00 00 01 0a 02 68 69; bad-length",
    })
    void malformedFramesFailWithAReasonAndAreReleased(String name, String hex, String reason) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
        ByteBuf input = WireBytes.buffer(hex);
        try {
            Throwable thrown = catchThrowable(() -> channel.writeInbound(input));

            assertThat(thrown).isInstanceOf(DecoderException.class);
            assertThat(thrown.getCause()).isInstanceOf(ProtocolException.class);
            assertThat(((ProtocolException) thrown.getCause()).reason()).isEqualTo(reason);
            assertThat(input.refCnt()).isZero();
            assertThat((Object) channel.readInbound()).isNull();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void framedThriftAndKitexProtobufMessagesShareAConnection() {
        String thriftCall = "00 00 00 1a 80 01 00 01 00 00 00 04 65 63 68 6f 00 00 00 02 0b 00 01 00 00 00 02 68 69 00";
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1 << 20));
        try {
            channel.writeInbound(WireBytes.buffer(CALL_FRAMED + thriftCall + TTHEADER_PREFIX + CALL_FRAMED));
            List<PayloadCodec> codecs = new java.util.ArrayList<>();
            for (InboundMessage m = channel.readInbound(); m != null; m = channel.readInbound()) {
                codecs.add(m.payloadCodec());
                m.release();
            }
            assertThat(codecs).containsExactly(PayloadCodec.PROTOBUF, PayloadCodec.THRIFT, PayloadCodec.PROTOBUF);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String encode(Transport transport, TTHeader header, MessageHeader message, Consumer<ByteBuf> body) {
        ByteBuf out = FrameEncoder.encode(PooledByteBufAllocator.DEFAULT, transport, header, PayloadCodec.PROTOBUF,
            message, body);
        try {
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
}
