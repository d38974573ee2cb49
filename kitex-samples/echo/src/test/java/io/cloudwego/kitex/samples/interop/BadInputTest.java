package io.cloudwego.kitex.samples.interop;

import static io.cloudwego.kitex.samples.interop.RawWire.T_I32;
import static io.cloudwego.kitex.samples.interop.RawWire.T_LIST;
import static io.cloudwego.kitex.samples.interop.RawWire.T_STOP;
import static io.cloudwego.kitex.samples.interop.RawWire.T_STRING;
import static io.cloudwego.kitex.samples.interop.RawWire.T_STRUCT;
import static io.cloudwego.kitex.samples.interop.RawWire.concat;
import static io.cloudwego.kitex.samples.interop.RawWire.eventually;
import static io.cloudwego.kitex.samples.interop.RawWire.framed;
import static io.cloudwego.kitex.samples.interop.RawWire.ttheader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.samples.echo.EchoRequest;
import io.cloudwego.kitex.samples.echo.EchoServiceClient;
import io.cloudwego.kitex.samples.interop.RawWire.Bytes;
import io.cloudwego.kitex.samples.interop.RawWire.Connection;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.server.ServerMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.protocol.TMessageType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken input on raw sockets against a running {@link KitexServer} (max frame size
 * 1 MiB). For input that breaks the framing, the server must close that connection promptly and
 * count it under the right reason in {@link ServerMetrics#protocolErrors()}; for input whose frame
 * is sound but whose args are not, it answers {@code TApplicationException(PROTOCOL_ERROR)} and
 * keeps the connection. A good client connection, opened before, keeps working throughout.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadInputTest {
    private static final int MAX_FRAME_SIZE = 1024 * 1024;
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);

    private static KitexServer server;
    private static EchoServiceClient good;

    @BeforeAll
    static void start() {
        server = RawWire.startEchoServer(MAX_FRAME_SIZE);
        good = RawWire.goodClient(server, Transport.TTHEADER_FRAMED);
        assertGoodEcho("warm-up");
    }

    @AfterAll
    static void stop() {
        if (good != null) {
            good.close();
        }
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    private static void assertGoodEcho(String message) {
        assertThat(good.echo(EchoRequest.builder().message(message).build()).message()).isEqualTo(message);
    }

    // ---- input that must close the connection --------------------------------------------------

    /** A valid CALL of echo, encoded by libthrift. */
    private static byte[] echoCall(int seqId, String message) {
        return LibthriftSupport.requestBytes("echo", TMessageType.CALL, seqId, message);
    }

    private static byte[] nested(byte[] begin, byte[] level, int levels) {
        Bytes b = new Bytes().bytes(begin);
        for (int i = 0; i < levels; i++) {
            b.bytes(level);
        }
        return b.toArray();
    }

    static Stream<Arguments> closingCases() {
        byte[] call = echoCall(1, "hi");
        byte[] echoBegin = new Bytes().messageBegin("echo", 1, 1).toArray();
        return Stream.of(
            // detection: neither TTHeader, Framed nor Buffered
            Arguments.of("wrong magic: an HTTP/1.1 request",
                "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII), "bad-magic"),
            Arguments.of("wrong magic: 8 arbitrary bytes",
                new Bytes().i32(0xDEADBEEF).i32(0xCAFEBABE).toArray(), "bad-magic"),
            Arguments.of("wrong magic: non-strict (old) Thrift binary",
                new Bytes().string("echo").i8(TMessageType.CALL).i32(1).i8(T_STOP).toArray(), "bad-magic"),
            Arguments.of("wrong magic: a TTHeader payload that is not Thrift",
                ttheader(1, new Bytes().i32(0xDEADBEEF).i32(0xCAFEBABE).toArray()), "bad-magic"),
            // TTHeader header
            Arguments.of("TTHeader header size 0",
                new Bytes().i32(14).i16(0x1000).i16(0).i32(1).i16(0).zeros(4).toArray(), "bad-header-size"),
            Arguments.of("TTHeader header size past the frame end",
                new Bytes().i32(14).i16(0x1000).i16(0).i32(1).i16(0x100).zeros(4).toArray(), "bad-header-size"),
            Arguments.of("TTHeader header size 65535 words in a small frame",
                new Bytes().i32(14 + call.length).i16(0x1000).i16(0).i32(1).i16(0xFFFF).zeros(4).bytes(call).toArray(),
                "bad-header-size"),
            Arguments.of("TTHeader unknown info id 0x05",
                ttheader(0, 1, 0, new byte[] {0x05}, call), "bad-info-id"),
            Arguments.of("TTHeader unknown info id 0xFF after a valid int-KV block",
                ttheader(0, 1, 0, new Bytes().i8(0x10).i16(1).i16(9).string16("echo").i8(0xFF).toArray(), call),
                "bad-info-id"),
            Arguments.of("TTHeader protocol id 0x02 (Thrift compact)",
                ttheader(0, 1, 0x02, new byte[0], call), "bad-protocol-id"),
            Arguments.of("TTHeader protocol id 0x7F",
                ttheader(0, 1, 0x7F, new byte[0], call), "bad-protocol-id"),
            Arguments.of("TTHeader frame shorter than its fixed header",
                new Bytes().i32(6).i16(0x1000).i16(0).i16(0).toArray(), "truncated"),
            Arguments.of("TTHeader info block running past the header end",
                ttheader(0, 1, 0, new Bytes().i8(0x01).i16(5).toArray(), call), "truncated"),
            Arguments.of("TTHeader payload shorter than 8 bytes",
                ttheader(1, new byte[] {(byte) 0x80, 0x01, 0x00}), "truncated"),
            Arguments.of("TTHeaderFramed inner length not matching the payload",
                ttheader(1, concat(new Bytes().i32(call.length + 5).toArray(), call)), "bad-length"),
            // frame size: only the 8-byte prefix is sent, the server must not wait for the rest
            Arguments.of("Framed length over the maximum (8-byte prefix only)",
                new Bytes().i32(2 * MAX_FRAME_SIZE).i32(0x80010001).toArray(), "frame-too-large"),
            Arguments.of("Framed length 0x7FFFFFFF (8-byte prefix only)",
                new Bytes().i32(Integer.MAX_VALUE).i32(0x80010001).toArray(), "frame-too-large"),
            Arguments.of("Framed negative length (8-byte prefix only)",
                new Bytes().i32(-1).i32(0x80010001).toArray(), "frame-too-large"),
            Arguments.of("TTHeader length over the maximum (8-byte prefix only)",
                new Bytes().i32(64 * MAX_FRAME_SIZE).i16(0x1000).i16(0).toArray(), "frame-too-large"),
            Arguments.of("Buffered message growing past the maximum",
                new Bytes().bytes(echoBegin).i8(T_STRUCT).i16(1).i8(T_STRING).i16(1).i32(2 * MAX_FRAME_SIZE)
                    .zeros(MAX_FRAME_SIZE + 64 * 1024).toArray(), "frame-too-large"),
            // Thrift message header
            Arguments.of("method name length past the frame end (Framed)",
                framed(new Bytes().i32(0x80010001).i32(1000).bytes("echo".getBytes(StandardCharsets.US_ASCII))
                    .toArray()), "truncated"),
            Arguments.of("negative method name length (Framed)",
                framed(new Bytes().i32(0x80010001).i32(-5).i32(1).i8(T_STOP).toArray()), "negative-length"),
            Arguments.of("message type 7 (Framed)",
                framed(new Bytes().messageBegin("echo", 7, 1).i8(T_STOP).toArray()), "bad-message-type"),
            // Kitex Protobuf message header
            Arguments.of("Kitex Protobuf without a seq id (Framed)",
                new Bytes().i32(12).i32(0x90010001).string("echo").toArray(), "truncated"),
            Arguments.of("Kitex Protobuf method name length past the frame end (Framed)",
                framed(new Bytes().i32(0x90010001).i32(1000).bytes("echo".getBytes(StandardCharsets.US_ASCII))
                    .toArray()), "truncated"),
            Arguments.of("Kitex Protobuf negative method name length (TTHeaderFramed)",
                ttheader(1, framed(new Bytes().i32(0x90010001).i32(-5).i32(1).toArray())), "negative-length"),
            Arguments.of("Kitex Protobuf message type 4, oneway (Framed)",
                framed(new Bytes().i32(0x90010004).string("echo").i32(1).toArray()), "bad-message-type"),
            // Buffered: the server walks the struct to find its end
            Arguments.of("10,000 nested list<list<...>> headers (Buffered)",
                nested(new Bytes().bytes(echoBegin).i8(T_LIST).i16(1).toArray(),
                    new Bytes().i8(T_LIST).i32(1).toArray(), 10_000), "too-deep"),
            Arguments.of("10,000 nested struct fields (Buffered)",
                nested(echoBegin, new Bytes().i8(T_STRUCT).i16(1).toArray(), 10_000), "too-deep"),
            Arguments.of("unknown Thrift type 0x63 in the args (Buffered)",
                new Bytes().bytes(echoBegin).i8(0x63).i16(1).i32(0).i8(T_STOP).toArray(), "bad-field-type"),
            Arguments.of("negative list size (Buffered)",
                new Bytes().bytes(echoBegin).i8(T_LIST).i16(1).i8(T_I32).i32(-1).i8(T_STOP).toArray(),
                "negative-length"),
            // protocols this server does not speak
            // HTTP/2 is served (gRPC); a frame header announcing 16 MiB - 1 breaks its maximum frame size
            Arguments.of("HTTP/2 connection preface then garbage",
                concat("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                    new Bytes().i32(-1).i32(-1).i8(0).toArray()), "http2-connection-error"),
            Arguments.of("TTHeader Streaming frame",
                ttheader(TTHEADER_STREAMING, 1, 0x10, new byte[0], new byte[] {T_STOP}), "unsupported-protocol"),
            Arguments.of("MeshHeader",
                new Bytes().i16(0xFFAF).i16(4).i16(0).zeros(6).toArray(), "unsupported-protocol"));
    }

    private static final int TTHEADER_STREAMING = 0x0002;

    /**
     * A broken Thrift message header inside a well-formed TTHeader frame.
     *
     * <p>TODO(kitex-core bug): these fail today. FrameDecoder.decodeTTHeaderFrame releases the
     * frame slice in its catch block after decodeMessage has already released it on the same
     * error (a double release). The shared cumulation buffer drops to refCnt 0 while still in use:
     * the decoder then hits IllegalReferenceCountException (counted as "internal-error" instead of
     * the real reason), ByteToMessageDecoder's channelInputClosed throws again on its own release
     * and never propagates channelInactive, so the server's ServerConnection never unregisters
     * (activeConnections() leaks) and Netty reports LEAK. Fix: drop the second release, e.g. have
     * decodeTTHeaderFrame not catch around the decodeMessage calls (or let decodeMessage not
     * release). Keep these tests enabled: they pass once FrameDecoder is fixed.
     */
    static Stream<Arguments> ttheaderMessageHeaderCases() {
        byte[] type7 = new Bytes().messageBegin("echo", 7, 1).i8(T_STOP).toArray();
        byte[] longName = new Bytes().i32(0x80010001).i32(1000).bytes("echo".getBytes(StandardCharsets.US_ASCII))
            .toArray();
        byte[] negativeName = new Bytes().i32(0x80010001).i32(-5).i32(1).i8(T_STOP).toArray();
        return Stream.of(
            Arguments.of("message type 7 (TTHeader)", ttheader(1, type7), "bad-message-type"),
            Arguments.of("message type 7 (TTHeaderFramed)", ttheader(1, framed(type7)), "bad-message-type"),
            Arguments.of("method name length past the payload end (TTHeader)", ttheader(1, longName), "truncated"),
            Arguments.of("method name length past the payload end (TTHeaderFramed)",
                ttheader(1, framed(longName)), "truncated"),
            Arguments.of("negative method name length (TTHeader)", ttheader(1, negativeName), "negative-length"));
    }

    // TODO(kitex-core bug): fails until FrameDecoder.decodeTTHeaderFrame stops releasing the frame a
    // second time after decodeMessage failed; see ttheaderMessageHeaderCases().
    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("ttheaderMessageHeaderCases")
    void brokenMessageHeaderInsideTTHeaderClosesTheConnectionAndCountsTheReason(String name, byte[] input,
                                                                                String reason) throws Exception {
        closesTheConnectionAndCountsTheReason(name, input, reason);
        assertThat(server.metrics().protocolErrors()).doesNotContainKey("internal-error");
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("closingCases")
    void closesTheConnectionAndCountsTheReason(String name, byte[] input, String reason) throws Exception {
        ServerMetrics metrics = server.metrics();
        int baseline = metrics.activeConnections();
        Map<String, Long> before = metrics.protocolErrors();
        long acceptedBefore = metrics.connectionsAccepted();
        assertGoodEcho("before " + name);

        try (Connection bad = new Connection(server.port(), CLOSE_WITHIN)) {
            bad.send(input); // false when the server closed before all was written: acceptable
            assertGoodEcho("during " + name);
            assertThat(bad.awaitClosed(CLOSE_WITHIN))
                .as("the server closes the connection within %s", CLOSE_WITHIN)
                .isNotNull();
        }

        assertThat(eventually(CLOSE_WITHIN, () -> delta(before, metrics.protocolErrors()).containsKey(reason)))
            .as("protocolErrors() counts %s; it has %s", reason, metrics.protocolErrors())
            .isTrue();
        assertThat(delta(before, metrics.protocolErrors())).containsExactly(entry(reason, 1L));

        assertGoodEcho("after " + name);
        assertNoConnectionLeft(baseline);
        // The good client kept its one connection: the bad socket is the only one accepted.
        assertThat(metrics.connectionsAccepted() - acceptedBefore).isEqualTo(1);
    }

    // ---- truncated input followed by close ------------------------------------------------------

    static Stream<Arguments> truncatedCases() {
        byte[] call = echoCall(3, "a message long enough to be cut in the middle");
        byte[] framedCall = framed(call);
        byte[] ttheaderCall = ttheader(3, call);
        byte[] ttheaderFramedCall = ttheader(3, framedCall);
        return Stream.of(
            Arguments.of("5 bytes: too few to detect the protocol", Arrays.copyOf(framedCall, 5)),
            Arguments.of("Framed echo cut in half", Arrays.copyOf(framedCall, framedCall.length / 2)),
            Arguments.of("Framed echo missing its last byte", Arrays.copyOf(framedCall, framedCall.length - 1)),
            Arguments.of("TTHeader echo cut in the header", Arrays.copyOf(ttheaderCall, 12)),
            Arguments.of("TTHeader echo cut in the payload", Arrays.copyOf(ttheaderCall, ttheaderCall.length - 10)),
            Arguments.of("TTHeaderFramed echo cut in half",
                Arrays.copyOf(ttheaderFramedCall, ttheaderFramedCall.length / 2)),
            Arguments.of("Buffered echo cut inside the args", Arrays.copyOf(call, call.length - 3)),
            Arguments.of("a whole Framed echo, then half of another",
                concat(framedCall, Arrays.copyOf(framedCall, framedCall.length / 2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truncatedCases")
    void truncatedInputThenCloseClosesCleanly(String name, byte[] input) throws Exception {
        ServerMetrics metrics = server.metrics();
        int baseline = metrics.activeConnections();
        Map<String, Long> before = metrics.protocolErrors();
        assertGoodEcho("before " + name);

        try (Connection bad = new Connection(server.port(), CLOSE_WITHIN)) {
            assertThat(bad.send(input)).isTrue();
            // An incomplete frame is not an error yet: the server waits for the rest.
            assertThat(bad.awaitClosed(Duration.ofMillis(200)))
                .as("the server waits for the rest of the frame")
                .isNull();
            assertGoodEcho("during " + name);
            bad.shutdownOutput();
            assertThat(bad.awaitClosed(CLOSE_WITHIN))
                .as("after our close the server closes too, within %s", CLOSE_WITHIN)
                .isNotNull();
        }

        assertGoodEcho("after " + name);
        assertNoConnectionLeft(baseline);
        // Closing mid-frame may be counted as truncated input, and as nothing else.
        assertThat(delta(before, metrics.protocolErrors()).keySet()).isSubsetOf("truncated");
    }

    // ---- sound frames with broken args: answered with PROTOCOL_ERROR, connection kept ------------

    enum ArgsCase {
        STRING_PAST_FRAME_END {
            @Override
            byte[] message(int seqId) {
                // {1: EchoRequest {1: string of 4096 bytes}} but only "hi" follows
                return new Bytes().messageBegin("echo", TMessageType.CALL, seqId)
                    .i8(T_STRUCT).i16(1).i8(T_STRING).i16(1).i32(4096)
                    .bytes("hi".getBytes(StandardCharsets.US_ASCII)).i8(T_STOP).i8(T_STOP).toArray();
            }
        },
        NESTED_LISTS_IN_ARGS {
            @Override
            byte[] message(int seqId) {
                // {2: list<list<...>>} 10,000 levels deep, inside a well-formed frame
                return nested(new Bytes().messageBegin("echo", TMessageType.CALL, seqId).i8(T_LIST).i16(2).toArray(),
                    new Bytes().i8(T_LIST).i32(1).toArray(), 10_000);
            }
        },
        MISSING_REQUIRED_FIELD {
            @Override
            byte[] message(int seqId) {
                // {1: EchoRequest {}}: message is required
                return new Bytes().messageBegin("echo", TMessageType.CALL, seqId)
                    .i8(T_STRUCT).i16(1).i8(T_STOP).i8(T_STOP).toArray();
            }
        };

        abstract byte[] message(int seqId);
    }

    static Stream<Arguments> argsCases() {
        return Stream.of(ArgsCase.values()).flatMap(c -> Stream.of(Transport.FRAMED, Transport.TTHEADER,
            Transport.TTHEADER_FRAMED).map(t -> Arguments.of(c, t)));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("argsCases")
    void brokenArgsAreAnsweredWithProtocolErrorAndTheConnectionIsKept(ArgsCase argsCase, Transport transport)
        throws Exception {
        ServerMetrics metrics = server.metrics();
        int baseline = metrics.activeConnections();
        Map<String, Long> before = metrics.protocolErrors();
        try (Connection conn = new Connection(server.port(), CLOSE_WITHIN)) {
            assertThat(conn.send(wrap(transport, 41, argsCase.message(41)))).isTrue();
            LibthriftSupport.Reply reply = LibthriftSupport.decodeReply(readReply(conn, transport));
            assertThat(reply.header().type).isEqualTo(TMessageType.EXCEPTION);
            assertThat(reply.header().name).isEqualTo("echo");
            assertThat(reply.header().seqid).isEqualTo(41);
            assertThat(reply.exception().getType()).isEqualTo(TApplicationException.PROTOCOL_ERROR);

            assertGoodEcho("during " + argsCase);

            // the same connection still serves a good call
            assertThat(conn.send(wrap(transport, 42, echoCall(42, "still here")))).isTrue();
            LibthriftSupport.Reply ok = LibthriftSupport.decodeReply(readReply(conn, transport));
            assertThat(ok.header().type).isEqualTo(TMessageType.REPLY);
            assertThat(ok.header().seqid).isEqualTo(42);
            assertThat(ok.message()).isEqualTo("still here");
        }
        assertGoodEcho("after " + argsCase);
        assertNoConnectionLeft(baseline);
        assertThat(metrics.protocolErrors()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"FRAMED", "TTHEADER", "TTHEADER_FRAMED", "BUFFERED"})
    void rawGoodCallIsAnsweredInTheSameFraming(Transport transport) throws Exception {
        // Checks the raw-socket plumbing of this test against every framing.
        int baseline = server.metrics().activeConnections();
        try (Connection conn = new Connection(server.port(), CLOSE_WITHIN)) {
            assertThat(conn.send(wrap(transport, 7, echoCall(7, "raw " + transport)))).isTrue();
            LibthriftSupport.Reply reply = LibthriftSupport.decodeReply(readReply(conn, transport));
            assertThat(reply.header().seqid).isEqualTo(7);
            assertThat(reply.message()).isEqualTo("raw " + transport);
        }
        assertNoConnectionLeft(baseline);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static byte[] wrap(Transport transport, int seqId, byte[] message) {
        switch (transport) {
            case FRAMED:
                return framed(message);
            case TTHEADER:
                return ttheader(seqId, message);
            case TTHEADER_FRAMED:
                return ttheader(seqId, framed(message));
            default:
                return message;
        }
    }

    /** Reads one reply in {@code transport} and returns its Thrift message bytes. */
    private static byte[] readReply(Connection conn, Transport transport) throws IOException {
        switch (transport) {
            case FRAMED:
                return conn.readFramed();
            case TTHEADER:
            case TTHEADER_FRAMED: {
                byte[] frame = conn.readFramed();
                assertThat(((frame[0] & 0xFF) << 8) | (frame[1] & 0xFF)).as("TTHeader magic").isEqualTo(0x1000);
                int headerSize = (((frame[8] & 0xFF) << 8) | (frame[9] & 0xFF)) * 4;
                int payloadStart = 10 + headerSize;
                if (transport == Transport.TTHEADER_FRAMED) {
                    payloadStart += 4;
                }
                return Arrays.copyOfRange(frame, payloadStart, frame.length);
            }
            default: {
                // Buffered: the reply to a short echo is small; read what arrives within a moment.
                byte[] header = conn.readExactly(8);
                int nameLength = ((header[4] & 0xFF) << 24) | ((header[5] & 0xFF) << 16) | ((header[6] & 0xFF) << 8)
                    | (header[7] & 0xFF);
                byte[] rest = conn.readExactly(nameLength + 4);
                // result struct: {0: {1: string}}: field header 3, field header 3, length 4, string, 2 stops
                byte[] fields = conn.readExactly(10);
                int strLen = ((fields[6] & 0xFF) << 24) | ((fields[7] & 0xFF) << 16) | ((fields[8] & 0xFF) << 8)
                    | (fields[9] & 0xFF);
                byte[] tail = conn.readExactly(strLen + 2);
                return concat(header, rest, fields, tail);
            }
        }
    }

    /**
     * The server's open connections return to {@code baseline}, what they were before the test
     * opened its raw connection (the good client's one, plus any an earlier failed test leaked).
     */
    private static void assertNoConnectionLeft(int baseline) throws InterruptedException {
        assertThat(eventually(CLOSE_WITHIN, () -> server.metrics().activeConnections() == baseline))
            .as("active connections (%d) return to %d", server.metrics().activeConnections(), baseline)
            .isTrue();
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((reason, count) -> {
            long d = count - before.getOrDefault(reason, 0L);
            if (d != 0) {
                delta.put(reason, d);
            }
        });
        return delta;
    }
}
