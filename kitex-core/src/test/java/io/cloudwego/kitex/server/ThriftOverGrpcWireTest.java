package io.cloudwego.kitex.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.WireBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http2.Http2Headers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thrift over gRPC byte for byte, from a raw HTTP/2 client: a message is the Thrift binary encoding
 * of the struct alone, with no message header and no args wrapper (reference §5.1), and the
 * content-subtype must match the method's IDL.
 */
class ThriftOverGrpcWireTest {
    private static final String UNARY_PATH = "/thriftgrpc.StreamService/Unary";
    private static final String THRIFT = "application/grpc+thrift";

    /** {@code Text{value: "hi"}}: field 1 STRING "hi", then STOP. */
    private static final String TEXT_HI = "0b 0001 00000002 6869 00";
    /** {@code Text{value: "hello hi"}}. */
    private static final String TEXT_HELLO_HI = "0b 0001 00000008 68656c6c6f206869 00";

    private static KitexServer server;

    @BeforeAll
    static void start() {
        ThriftStreamingTestService.Handlers handlers = new ThriftStreamingTestService.Handlers();
        handlers.unary = request -> CompletableFuture.completedFuture("hello " + request);
        server = KitexServer.builder().host("127.0.0.1").port(0)
            .service(ThriftStreamingTestService.DESCRIPTOR, handlers)
            .service(GrpcTestService.DESCRIPTOR, new GrpcTestService.Handlers())
            .build().start();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(1));
    }

    @AfterEach
    void noCallLeftInFlight() {
        Eventually.await("no call left in flight", () -> server.metrics().inFlightRequests() == 0);
    }

    private static long errors(String reason) {
        return server.metrics().protocolErrors().getOrDefault(reason, 0L);
    }

    /** A gRPC message as hex: the 5-byte prefix (not compressed, length of the body) and {@code bodyHex}. */
    private static String grpcMessage(String bodyHex) {
        return String.format("00 %08x ", WireBytes.bytes(bodyHex).length) + bodyHex;
    }

    private static ByteBuf grpcMessageBuf(String bodyHex) {
        return WireBytes.buffer(grpcMessage(bodyHex));
    }

    private static Http2Headers thriftHeaders(String path) {
        return RawHttp2Client.grpcHeaders(path).set("content-type", THRIFT);
    }

    @Test
    void aUnaryCallCarriesTheStructAloneBothWays() throws Exception {
        try (RawHttp2Client client = new RawHttp2Client(server.port())) {
            int stream = client.send(thriftHeaders(UNARY_PATH), false, grpcMessageBuf(TEXT_HI), true);
            assertOkWith(client, stream, TEXT_HELLO_HI);
        }
    }

    @Test
    void aPathWithoutPackageFindsTheThriftServiceByName() throws Exception {
        try (RawHttp2Client client = new RawHttp2Client(server.port())) {
            int stream = client.send(thriftHeaders("/StreamService/Unary"), false, grpcMessageBuf(TEXT_HI), true);
            assertOkWith(client, stream, TEXT_HELLO_HI);
        }
    }

    private static void assertOkWith(RawHttp2Client client, int stream, String responseBodyHex) throws Exception {
        RawHttp2Client.Received headers = client.next();
        assertThat(headers.streamId()).isEqualTo(stream);
        assertThat(headers.headers().status().toString()).isEqualTo("200");
        assertThat(headers.headers().get("content-type").toString()).isEqualTo(THRIFT);
        RawHttp2Client.Received data = client.next();
        assertThat(ByteBufUtil.hexDump(data.data())).isEqualTo(WireBytes.normalize(grpcMessage(responseBodyHex)));
        RawHttp2Client.Received trailers = client.next();
        assertThat(trailers.headers().get("grpc-status").toString()).isEqualTo("0");
        assertThat(trailers.endStream()).isTrue();
    }

    @Test
    void protobufContentTypesToAThriftMethodAreInternal() throws Exception {
        long before = errors("grpc-bad-content-subtype");
        for (String contentType : new String[] {"application/grpc", "application/grpc+proto", "application/grpc+json"}) {
            try (RawHttp2Client client = new RawHttp2Client(server.port())) {
                client.send(RawHttp2Client.grpcHeaders(UNARY_PATH).set("content-type", contentType), false,
                    grpcMessageBuf(TEXT_HI), true);
                RawHttp2Client.Received reply = client.next();
                assertThat(reply.headers().get("grpc-status").toString()).isEqualTo("13");
                assertThat(reply.headers().get("grpc-message").toString()).isEqualTo("content-type " + contentType
                    + " does not carry the messages of thriftgrpc.StreamService/Unary, which are Thrift: send "
                    + THRIFT);
                assertThat(reply.headers().get("content-type").toString()).isEqualTo(contentType);
                assertThat(reply.endStream()).isTrue();
            }
        }
        assertThat(errors("grpc-bad-content-subtype")).isEqualTo(before + 3);
    }

    @Test
    void theThriftContentTypeToAProtobufMethodIsInternal() throws Exception {
        try (RawHttp2Client client = new RawHttp2Client(server.port())) {
            client.send(thriftHeaders("/" + GrpcTestService.UNARY.fullName()), false,
                WireBytes.buffer("00 00000003 0a0161"), true);
            RawHttp2Client.Received reply = client.next();
            assertThat(reply.headers().get("grpc-status").toString()).isEqualTo("13");
            assertThat(reply.headers().get("grpc-message").toString()).isEqualTo("content-type " + THRIFT
                + " does not carry the messages of kitex.test.Echo/Unary, which are Protobuf: send application/grpc");
        }
    }

    @Test
    void aStructThatDoesNotDecodeFailsItsStreamOnlyWithInternal() throws Exception {
        long before = errors("grpc-bad-message");
        try (RawHttp2Client client = new RawHttp2Client(server.port())) {
            // A string field of 16 bytes that holds one.
            client.send(thriftHeaders(UNARY_PATH), false, grpcMessageBuf("0b 0001 00000010 61 00"), true);
            RawHttp2Client.Received truncated = client.next();
            assertThat(truncated.headers().get("grpc-status").toString()).isEqualTo("13");
            assertThat(truncated.headers().get("grpc-message").toString()).startsWith("bad request message:");

            // A whole struct with a byte after its STOP.
            client.send(thriftHeaders(UNARY_PATH), false, grpcMessageBuf(TEXT_HI + " 00"), true);
            RawHttp2Client.Received trailing = client.next();
            assertThat(trailing.headers().get("grpc-status").toString()).isEqualTo("13");
            assertThat(trailing.headers().get("grpc-message").toString())
                .isEqualTo("bad request message: 1 bytes after the end of the Thrift struct");

            int stream = client.send(thriftHeaders(UNARY_PATH), false, grpcMessageBuf(TEXT_HI), true);
            assertOkWith(client, stream, TEXT_HELLO_HI);
            assertThat(client.isOpen()).isTrue();
        }
        assertThat(errors("grpc-bad-message")).isEqualTo(before + 2);
    }
}
