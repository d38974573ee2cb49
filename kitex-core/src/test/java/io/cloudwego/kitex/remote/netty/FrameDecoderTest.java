package io.cloudwego.kitex.remote.netty;

import static io.cloudwego.kitex.testing.WireBytes.hex;
import static io.cloudwego.kitex.testing.WireBytes.normalize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.remote.FrameEncoder;
import io.cloudwego.kitex.remote.InboundMessage;
import io.cloudwego.kitex.remote.MessageHeader;
import io.cloudwego.kitex.remote.MessageType;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.thrift.ThriftType;
import io.cloudwego.kitex.remote.codec.thrift.ThriftWriter;
import io.cloudwego.kitex.remote.codec.ttheader.IntKey;
import io.cloudwego.kitex.remote.codec.ttheader.StringKey;
import io.cloudwego.kitex.remote.codec.ttheader.TTHeader;
import io.cloudwego.kitex.testing.WireBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FrameDecoder} on an {@link EmbeddedChannel}: the four transports however the bytes arrive,
 * the size limit, and every way detection or decoding can fail. Every received message is released
 * and every input buffer is checked to be fully released, so that a leak or a double release shows.
 */
class FrameDecoderTest {
    private static final int MAX = 4096;

    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final List<InboundMessage> received = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        releaseReceived();
        for (EmbeddedChannel channel : channels) {
            channel.finishAndReleaseAll();
        }
    }

    // ---------------------------------------------------------------- the four transports

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = "GRPC", mode = EnumSource.Mode.EXCLUDE)
    void decodesAMessageWrittenAtOnce(Transport transport) {
        EmbeddedChannel channel = channel(MAX);
        ByteBuf input = message(transport, 7, "hello");

        channel.writeInbound(input);

        assertMessage(next(channel), transport, 7, "hello");
        assertThat((Object) channel.readInbound()).isNull();
        releaseReceived();
        assertThat(input.refCnt()).as("input released once the message is").isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = "GRPC", mode = EnumSource.Mode.EXCLUDE)
    void decodesAMessageWrittenByteByByte(Transport transport) {
        EmbeddedChannel channel = channel(MAX);
        byte[] bytes = bytes(message(transport, 8, "slow"));

        for (int i = 0; i < bytes.length; i++) {
            channel.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer(1).writeByte(bytes[i]));
            if (i < bytes.length - 1) {
                assertThat((Object) channel.readInbound()).as("after %d of %d bytes", i + 1, bytes.length).isNull();
            }
        }

        assertMessage(next(channel), transport, 8, "slow");
        assertThat((Object) channel.readInbound()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = "GRPC", mode = EnumSource.Mode.EXCLUDE)
    void decodesSeveralMessagesFromOneBuffer(Transport transport) {
        EmbeddedChannel channel = channel(MAX);
        ByteBuf input = PooledByteBufAllocator.DEFAULT.directBuffer();
        for (int seq = 1; seq <= 3; seq++) {
            ByteBuf one = message(transport, seq, "m" + seq);
            input.writeBytes(one);
            one.release();
        }

        channel.writeInbound(input);

        for (int seq = 1; seq <= 3; seq++) {
            assertMessage(next(channel), transport, seq, "m" + seq);
        }
        assertThat((Object) channel.readInbound()).isNull();
        releaseReceived();
        assertThat(input.refCnt()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = "GRPC", mode = EnumSource.Mode.EXCLUDE)
    void keepsAPartialMessageUntilTheRestArrives(Transport transport) {
        EmbeddedChannel channel = channel(MAX);
        byte[] first = bytes(message(transport, 1, "first"));
        byte[] second = bytes(message(transport, 2, "second"));
        int half = second.length / 2;
        ByteBuf input = PooledByteBufAllocator.DEFAULT.directBuffer();
        input.writeBytes(first).writeBytes(second, 0, half);

        channel.writeInbound(input);
        assertMessage(next(channel), transport, 1, "first");
        assertThat((Object) channel.readInbound()).isNull();

        channel.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(second, half, second.length - half));
        assertMessage(next(channel), transport, 2, "second");
    }

    @Test
    void detectsTheTransportOfEachMessageWhereverTheBytesAreSplit() {
        Transport[] order = {Transport.BUFFERED, Transport.TTHEADER, Transport.FRAMED, Transport.TTHEADER_FRAMED,
            Transport.BUFFERED};
        ByteBuf all = PooledByteBufAllocator.DEFAULT.directBuffer();
        for (int i = 0; i < order.length; i++) {
            ByteBuf one = message(order[i], i + 1, "x".repeat(i));
            all.writeBytes(one);
            one.release();
        }
        byte[] bytes = bytes(all);

        for (int split = 0; split <= bytes.length; split++) {
            EmbeddedChannel channel = channel(MAX);
            channel.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(bytes, 0, split));
            channel.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(bytes, split, bytes.length - split));
            for (int i = 0; i < order.length; i++) {
                assertMessage(next(channel), order[i], i + 1, "x".repeat(i));
            }
            assertThat((Object) channel.readInbound()).as("split at %d", split).isNull();
            releaseReceived();
        }
    }

    @Test
    void aBufferedMessageEndsWhereItsStructEnds() {
        // A oneway with an empty args struct, then a call whose args hold every container kind.
        EmbeddedChannel channel = channel(MAX);
        ByteBuf input = PooledByteBufAllocator.DEFAULT.directBuffer();
        ByteBuf oneway = FrameEncoder.encode(PooledByteBufAllocator.DEFAULT, Transport.BUFFERED, null,
            new MessageHeader("fire", MessageType.ONEWAY, 1), ThriftWriter::writeFieldStop);
        Consumer<ThriftWriter> containers = w -> {
            w.writeFieldBegin(ThriftType.MAP, (short) 1);
            w.writeMapBegin(ThriftType.STRING, ThriftType.LIST, 1);
            w.writeString("k");
            w.writeListBegin(ThriftType.STRUCT, 2);
            w.writeFieldBegin(ThriftType.SET, (short) 1);
            w.writeSetBegin(ThriftType.DOUBLE, 1);
            w.writeDouble(1);
            w.writeFieldStop();
            w.writeFieldBegin(ThriftType.UUID, (short) 2);
            w.writeUuid(new java.util.UUID(1, 2));
            w.writeFieldStop();
            w.writeFieldStop();
        };
        ByteBuf call = FrameEncoder.encode(PooledByteBufAllocator.DEFAULT, Transport.BUFFERED, null,
            new MessageHeader("put", MessageType.CALL, 2), containers);
        String callHex = hex(call);
        input.writeBytes(oneway).writeBytes(call);
        oneway.release();
        call.release();

        channel.writeInbound(input);

        InboundMessage first = next(channel);
        assertThat(first.message()).isEqualTo(new MessageHeader("fire", MessageType.ONEWAY, 1));
        assertThat(hex(first.body())).isEqualTo("00");
        InboundMessage second = next(channel);
        assertThat(second.transport()).isEqualTo(Transport.BUFFERED);
        assertThat(second.message()).isEqualTo(new MessageHeader("put", MessageType.CALL, 2));
        // The body is everything after the 15-byte message header ("put" is 3 bytes).
        assertThat(hex(second.body())).isEqualTo(callHex.substring(2 * 15));
    }

    // ---------------------------------------------------------------- size limit

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = "GRPC", mode = EnumSource.Mode.EXCLUDE)
    void acceptsAFrameOfExactlyTheMaximumAndRejectsOneByteLess(Transport transport) {
        byte[] bytes = bytes(message(transport, 1, "limit"));

        EmbeddedChannel exact = channel(bytes.length);
        exact.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(bytes));
        assertMessage(next(exact), transport, 1, "limit");

        EmbeddedChannel tooSmall = channel(bytes.length - 1);
        ProtocolException e = decodeFailure(tooSmall, PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(bytes));
        assertThat(e.reason()).isEqualTo("frame-too-large");
        assertThat(e.getMessage()).contains("frame of " + bytes.length + " bytes").contains("maximum of " + (bytes.length - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "00 00 10 00 | 10 00 00 00", // TTHeader, LENGTH 4096 (+4 > 4096)
        "7f ff ff ff | 10 00 00 00", // TTHeader, LENGTH 2 GiB - 1
        "ff ff ff ff | 10 00 00 00", // TTHeader, negative LENGTH
        "80 00 00 00 | 10 00 00 00",
        "00 00 0f fd | 80 01 00 01", // Framed, 4093 + 4 = 4097
        "7f ff ff ff | 80 01 00 01", // Framed, 2 GiB - 1
        "ff ff ff fc | 80 01 00 01", // Framed, negative
    })
    void rejectsALengthPrefixAboveTheMaximumBeforeTheFrameArrives(String first8Bytes) {
        ProtocolException e = decodeFailure(channel(MAX), WireBytes.buffer(first8Bytes));

        assertThat(e.reason()).isEqualTo("frame-too-large");
        long claimed = Integer.toUnsignedLong((int) Long.parseLong(normalize(first8Bytes).substring(0, 8), 16)) + 4;
        assertThat(e.getMessage()).contains("frame of " + claimed + " bytes");
    }

    @Test
    void rejectsABufferedMessageThatGrowsPastTheMaximum() {
        int max = 64;
        EmbeddedChannel channel = channel(max);
        // A CALL whose string field claims 1000 bytes: the end is never in sight.
        ByteBuf start = FrameEncoder.encode(PooledByteBufAllocator.DEFAULT, Transport.BUFFERED, null,
            new MessageHeader("echo", MessageType.CALL, 1), w -> w.writeFieldBegin(ThriftType.STRING, (short) 1));
        byte[] head = bytes(start);
        byte[] stream = new byte[200];
        System.arraycopy(head, 0, stream, 0, head.length);
        stream[head.length + 2] = 0x03; // length 0x000003e8 = 1000
        stream[head.length + 3] = (byte) 0xe8;

        int written = 0;
        Throwable failure = null;
        while (failure == null && written < stream.length) {
            int chunk = Math.min(16, stream.length - written);
            ByteBuf piece = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(stream, written, chunk);
            written += chunk;
            failure = catchThrowable(() -> channel.writeInbound(piece));
        }

        assertThat(written).as("fails on the first write that passes the maximum").isEqualTo(80);
        assertThat(reasonOf(failure)).isEqualTo("frame-too-large");
        assertThat(failure).hasMessageContaining("frame of 80 bytes");
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void rejectsACompleteBufferedMessageAboveTheMaximum() {
        byte[] bytes = bytes(message(Transport.BUFFERED, 1, "x".repeat(100)));

        ProtocolException e = decodeFailure(channel(100), PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(bytes));

        assertThat(e.reason()).isEqualTo("frame-too-large");
        assertThat(e.getMessage()).contains("frame of " + bytes.length + " bytes");
    }

    // ---------------------------------------------------------------- detection failures

    @ParameterizedTest
    @ValueSource(strings = {
        "00 00 00 00 00 00 00 00",
        "ff f4 ff fd 06 00 00 00", // telnet interrupt
        "47 45 54 20 2f 20 48 54 54 50 2f 31 2e 31 0d 0a", // GET / HTTP/1.1
        "50 52 49 20 2a 20 48 54 54 50 2f 32 2e 30 0d 0a", // the HTTP/2 preface
        "00 00 00 1e 80 02 00 01", // Framed with Thrift version 2
        "80 02 00 01 00 00 00 04", // Buffered with Thrift version 2
        "00 00 00 1e 11 00 00 00", // 0x1100 is not the TTHeader magic
    })
    void rejectsBytesThatAreNoKnownProtocol(String first8Bytes) {
        String hex = normalize(first8Bytes);

        ProtocolException e = decodeFailure(channel(MAX), WireBytes.buffer(hex));

        assertThat(e.reason()).isEqualTo("bad-magic");
        assertThat(e.getMessage()).isEqualTo(
            "invalid payload (first4Bytes=0x" + hex.substring(0, 8) + ", second4Bytes=0x" + hex.substring(8, 16) + ")");
    }

    @Test
    void waitsForEightBytesBeforeDetecting() {
        EmbeddedChannel channel = channel(MAX);

        assertThat(channel.writeInbound(WireBytes.buffer("ff f4 ff fd 06 00 00"))).isFalse();

        ProtocolException e = decodeFailure(channel, WireBytes.buffer("00"));
        assertThat(e.reason()).isEqualTo("bad-magic");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // MeshHeader: magic 0xFFAF, header length, then KVs and a payload.
        "ff af 00 08 00 01 00 01 6b 00 01 76",
        // §5.2 TTHeader Streaming Data frame.
        "00 00 00 28 10 00 00 02 00 00 00 01 00 05 10 00 10 00 02 00 1b 00 01 33 00 09 00 04 45 63 68 6f 00 00 0b 00 01 00 00 00 02 68 69 00",
    })
    void rejectsProtocolsItDoesNotSupport(String hex) {
        ByteBuf input = WireBytes.buffer(hex);

        ProtocolException e = decodeFailure(channel(MAX), input);

        assertThat(e.reason()).isEqualTo("unsupported-protocol");
        assertThat(input.refCnt()).isZero();
    }

    // ---------------------------------------------------------------- malformed TTHeader frames

    /** A TTHeader frame around {@code payload}, with HEADER SIZE 1 and no info. */
    private static String ttheaderFrame(String payload) {
        String afterLength = "10 00 00 00 00 00 00 01 00 01 00 00 00 00 " + payload;
        return String.format("%08x", WireBytes.bytes(afterLength).length) + normalize(afterLength);
    }

    private static final String ECHO_NAME_AND_SEQ = "00 00 00 04 65 63 68 6f 00 00 00 01";
    private static final String ARGS = "0b 00 01 00 00 00 02 68 69 00";

    @ParameterizedTest
    @ValueSource(strings = {"00", "05", "07", "ff"})
    void aTTHeaderFrameWithABadMessageTypeIsReleasedExactlyOnce(String type) {
        // The regression: the frame was released by the message decoder and again by the frame
        // decoder, which threw IllegalReferenceCountException instead of the protocol error.
        ByteBuf input = WireBytes.buffer(ttheaderFrame("80 01 00 " + type + ECHO_NAME_AND_SEQ + ARGS));

        ProtocolException e = decodeFailure(channel(MAX), input);

        assertThat(e.reason()).isEqualTo("bad-message-type");
        assertThat(input.refCnt()).isZero();
    }

    @Test
    void aTTHeaderFramedFrameWithABadMessageTypeIsReleasedExactlyOnce() {
        String message = "80 01 00 09 " + ECHO_NAME_AND_SEQ + ARGS;
        String framed = String.format("%08x", WireBytes.bytes(message).length) + normalize(message);
        ByteBuf input = WireBytes.buffer(ttheaderFrame(framed));

        ProtocolException e = decodeFailure(channel(MAX), input);

        assertThat(e.reason()).isEqualTo("bad-message-type");
        assertThat(input.refCnt()).isZero();
    }

    @Test
    void aTTHeaderFrameWhoseMethodNameRunsPastTheFrameIsReleasedExactlyOnce() {
        // Name length 0x40 with 14 bytes after it in the frame; the next frame's bytes must not be used.
        ByteBuf input = WireBytes.buffer(ttheaderFrame("80 01 00 01 00 00 00 40 65 63 68 6f 00 00 00 01 " + ARGS)
            + normalize(ttheaderFrame("80 01 00 01 " + ECHO_NAME_AND_SEQ + ARGS)));

        ProtocolException e = decodeFailure(channel(MAX), input);

        assertThat(e.reason()).isEqualTo("truncated");
        assertThat(input.refCnt()).isZero();
    }

    @Test
    void aTTHeaderFramedFrameWhoseInnerLengthDisagreesIsRejected() {
        String message = "80 01 00 01 " + ECHO_NAME_AND_SEQ + ARGS;
        int length = WireBytes.bytes(message).length;
        for (int wrong : new int[] {length - 1, length + 1, 0}) {
            ByteBuf input = WireBytes.buffer(ttheaderFrame(String.format("%08x", wrong) + normalize(message)));

            ProtocolException e = decodeFailure(channel(MAX), input);

            assertThat(e.reason()).isEqualTo("bad-length");
            assertThat(e.getMessage()).contains("framed length " + wrong + " inside a TTHeader payload of " + length + " bytes");
            assertThat(input.refCnt()).isZero();
        }
    }

    @Test
    void aTTHeaderPayloadShorterThanEightBytesIsTruncated() {
        for (String payload : new String[] {"", "80 01 00 01 00 00 00"}) {
            ByteBuf input = WireBytes.buffer(ttheaderFrame(payload));

            ProtocolException e = decodeFailure(channel(MAX), input);

            assertThat(e.reason()).isEqualTo("truncated");
            assertThat(e.getMessage()).contains("TTHeader payload of " + WireBytes.bytes(payload).length + " bytes");
            assertThat(input.refCnt()).isZero();
        }
    }

    @Test
    void aTTHeaderPayloadThatIsNoThriftIsBadMagic() {
        ByteBuf input = WireBytes.buffer(ttheaderFrame("01 02 03 04 05 06 07 08 09"));

        ProtocolException e = decodeFailure(channel(MAX), input);

        assertThat(e.reason()).isEqualTo("bad-magic");
        assertThat(e.getMessage()).isEqualTo("invalid TTHeader payload (first4Bytes=0x01020304, second4Bytes=0x05060708)");
        assertThat(input.refCnt()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        // LENGTH too small for the fixed header
        "00 00 00 04 10 00 00 00, truncated",
        "00 00 00 0e 10 00 00 00 00 00 00 01 00 00 00 00 00 00, bad-header-size",
        "00 00 00 0e 10 00 00 00 00 00 00 01 00 02 00 00 00 00, bad-header-size",
        "00 00 00 0e 10 00 00 00 00 00 00 01 00 01 02 00 00 00, bad-protocol-id",
        "00 00 00 0e 10 00 00 00 00 00 00 01 00 01 00 00 00 07, bad-info-id",
        // a string block cut by the header end
        "00 00 00 0e 10 00 00 00 00 00 00 01 00 01 00 00 01 00, truncated",
    })
    void aMalformedTTHeaderIsReleasedExactlyOnce(String hex, String reason) {
        ByteBuf input = WireBytes.buffer(hex);

        ProtocolException e = decodeFailure(channel(MAX), input);

        assertThat(e.reason()).isEqualTo(reason);
        assertThat(input.refCnt()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"FRAMED", "BUFFERED"})
    void framedAndBufferedMessagesWithABadMessageTypeAreReleased(Transport transport) {
        String message = "80 01 00 07 " + ECHO_NAME_AND_SEQ + ARGS;
        String hex = transport == Transport.FRAMED
            ? String.format("%08x", WireBytes.bytes(message).length) + normalize(message) : message;
        ByteBuf input = WireBytes.buffer(hex);

        ProtocolException e = decodeFailure(channel(MAX), input);

        assertThat(e.reason()).isEqualTo("bad-message-type");
        assertThat(input.refCnt()).isZero();
    }

    @Test
    void aFramedMessageWhoseHeaderRunsPastItsLengthIsTruncated() {
        // Framed length 8 holds only the version and half the name.
        ByteBuf input = WireBytes.buffer("00 00 00 08 80 01 00 01 00 00 00 04 | 65 63 68 6f 00 00 00 01 00");

        ProtocolException e = decodeFailure(channel(MAX), input);

        assertThat(e.reason()).isEqualTo("truncated");
        assertThat(input.refCnt()).isZero();
    }

    // ---------------------------------------------------------------- after a failure

    @Test
    void messagesBeforeTheBadBytesAreStillDelivered() {
        EmbeddedChannel channel = channel(MAX);
        ByteBuf input = PooledByteBufAllocator.DEFAULT.directBuffer();
        ByteBuf good = message(Transport.FRAMED, 1, "ok");
        input.writeBytes(good).writeBytes(WireBytes.bytes("de ad be ef de ad be ef"));
        good.release();

        ProtocolException e = decodeFailure(channel, input);

        assertThat(e.reason()).isEqualTo("bad-magic");
        assertMessage(next(channel), Transport.FRAMED, 1, "ok");
    }

    @Test
    void afterAFailureTheRestOfTheStreamIsDiscarded() {
        EmbeddedChannel channel = channel(MAX);
        decodeFailure(channel, WireBytes.buffer("de ad be ef de ad be ef"));

        ByteBuf valid = message(Transport.TTHEADER, 2, "late");
        assertThat(channel.writeInbound(valid)).isFalse();

        assertThat((Object) channel.readInbound()).isNull();
        assertThat(valid.refCnt()).isZero();
    }

    @Test
    void aPartialFrameIsReleasedWhenTheChannelCloses() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX));
        byte[] bytes = bytes(message(Transport.TTHEADER_FRAMED, 1, "cut"));
        ByteBuf input = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(bytes, 0, bytes.length - 1);

        channel.writeInbound(input);

        assertThat(channel.finishAndReleaseAll()).isFalse();
        assertThat(input.refCnt()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private EmbeddedChannel channel(int maxFrameSize) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(maxFrameSize));
        channels.add(channel);
        return channel;
    }

    /** The next decoded message, which {@link #releaseReceived()} releases. */
    private InboundMessage next(EmbeddedChannel channel) {
        InboundMessage message = channel.readInbound();
        assertThat(message).as("a decoded message").isNotNull();
        received.add(message);
        return message;
    }

    private void releaseReceived() {
        for (InboundMessage message : received) {
            message.release();
        }
        received.clear();
    }

    /** Writes {@code input}, which must make the decoder fail, and returns the protocol error. */
    private static ProtocolException decodeFailure(EmbeddedChannel channel, ByteBuf input) {
        Throwable thrown = catchThrowable(() -> channel.writeInbound(input));
        assertThat(thrown).as("decoding failed").isInstanceOf(DecoderException.class);
        assertThat(thrown.getCause()).isInstanceOf(ProtocolException.class);
        return (ProtocolException) thrown.getCause();
    }

    private static String reasonOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProtocolException p) {
                return p.reason();
            }
        }
        throw new AssertionError("no ProtocolException in", e);
    }

    /** A CALL of {@code echo(1: string msg)} in {@code transport}, with header keys when it is TTHeader. */
    private static ByteBuf message(Transport transport, int seqId, String msg) {
        TTHeader header = new TTHeader().seqId(seqId);
        header.intInfo().put(IntKey.TO_METHOD, "echo");
        header.stringInfo().put(StringKey.IDL_SERVICE_NAME, "EchoService");
        return FrameEncoder.encode(PooledByteBufAllocator.DEFAULT, transport, header,
            new MessageHeader("echo", MessageType.CALL, seqId), w -> {
                w.writeFieldBegin(ThriftType.STRING, (short) 1);
                w.writeString(msg);
                w.writeFieldStop();
            });
    }

    private static void assertMessage(InboundMessage message, Transport transport, int seqId, String msg) {
        assertThat(message.transport()).isEqualTo(transport);
        assertThat(message.message()).isEqualTo(new MessageHeader("echo", MessageType.CALL, seqId));
        byte[] text = msg.getBytes(StandardCharsets.UTF_8);
        assertThat(hex(message.body())).isEqualTo(String.format("0b0001%08x", text.length)
            + ByteBufUtil.hexDump(text) + "00");
        if (transport.isTTHeader()) {
            assertThat(message.header().seqId()).isEqualTo(seqId);
            assertThat(message.header().intInfo()).containsExactly(Map.entry(IntKey.TO_METHOD, "echo"));
            assertThat(message.header().stringInfo()).containsExactly(Map.entry(StringKey.IDL_SERVICE_NAME, "EchoService"));
        } else {
            assertThat(message.header()).isNull();
        }
    }

    /** The readable bytes of {@code buf}, which is released. */
    private static byte[] bytes(ByteBuf buf) {
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }
}
