package io.cloudwego.kitex.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.testing.Eventually;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a gRPC client never sends, from a raw HTTP/2 client: each fails only its stream or
 * connection, is counted in the server's protocol errors, and leaves other connections served.
 */
class GrpcBadInputTest {
    private static final String UNARY_PATH = "/" + GrpcTestService.UNARY.fullName();

    private static KitexServer server;

    @BeforeAll
    static void start() {
        server = KitexServer.builder().host("127.0.0.1").port(0).maxGrpcMessageSize(1024)
            .service(GrpcTestService.DESCRIPTOR, new GrpcTestService.Handlers()).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(1));
    }

    @AfterEach
    void othersAreStillServed() throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        try {
            assertThat(ClientCalls.blockingUnaryCall(channel, GrpcTestService.Client.UNARY, CallOptions.DEFAULT,
                StringValue.of("fine")).getValue()).isEqualTo("fine");
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        Eventually.await("no call left in flight", () -> server.metrics().inFlightRequests() == 0);
    }

    private static long errors(String reason) {
        return server.metrics().protocolErrors().getOrDefault(reason, 0L);
    }

    @Test
    void garbageAfterThePrefaceEndsTheConnectionWithGoAway() throws Exception {
        long before = errors("http2-connection-error");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // SETTINGS, empty
            out.write("this is not an HTTP/2 frame at all".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] reply = readUntilClosed(socket.getInputStream());
            assertThat(goAwayErrorCode(reply)).isIn(Http2Error.PROTOCOL_ERROR.code(), Http2Error.FRAME_SIZE_ERROR.code());
        }
        assertThat(errors("http2-connection-error")).isEqualTo(before + 1);
    }

    @Test
    void headersWithoutPathResetTheStream() throws Exception {
        long before = errors("grpc-bad-headers") + errors("http2-stream-error");
        try (RawHttp2Client client = new RawHttp2Client(server.port())) {
            Http2Headers headers = RawHttp2Client.grpcHeaders(UNARY_PATH);
            headers.remove(":path");
            int stream = client.send(headers, true, null, false);
            RawHttp2Client.Received reply = client.next();
            assertThat(reply.streamId()).isEqualTo(stream);
            assertThat(reply.resetCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
            assertThat(client.isOpen()).isTrue();
        }
        assertThat(errors("grpc-bad-headers") + errors("http2-stream-error")).isEqualTo(before + 1);
    }

    @Test
    void aNonPostRequestGets405() throws Exception {
        long before = errors("grpc-bad-method");
        try (RawHttp2Client client = new RawHttp2Client(server.port())) {
            client.send(RawHttp2Client.grpcHeaders(UNARY_PATH).method("GET"), true, null, false);
            RawHttp2Client.Received reply = client.next();
            assertThat(reply.headers().status().toString()).isEqualTo("405");
            assertThat(reply.headers().get("grpc-status").toString()).isEqualTo("13");
            assertThat(reply.endStream()).isTrue();
        }
        assertThat(errors("grpc-bad-method")).isEqualTo(before + 1);
    }

    @Test
    void aWrongContentTypeGets415() throws Exception {
        long before = errors("grpc-bad-content-type");
        try (RawHttp2Client client = new RawHttp2Client(server.port())) {
            client.send(RawHttp2Client.grpcHeaders(UNARY_PATH).set("content-type", "application/json"), true, null,
                false);
            RawHttp2Client.Received reply = client.next();
            assertThat(reply.headers().status().toString()).isEqualTo("415");
            assertThat(reply.headers().get("grpc-status").toString()).isEqualTo("13");
        }
        assertThat(errors("grpc-bad-content-type")).isEqualTo(before + 1);
    }

    @Test
    void anOversizedMessageFailsItsStreamWithResourceExhausted() throws Exception {
        long before = errors("grpc-message-too-large");
        try (RawHttp2Client client = new RawHttp2Client(server.port())) {
            client.send(RawHttp2Client.grpcHeaders(UNARY_PATH), false,
                Unpooled.buffer().writeByte(0).writeInt(1025).writeZero(100), false);
            RawHttp2Client.Received reply = client.next();
            assertThat(reply.headers().get("grpc-status").toString()).isEqualTo("8");
            assertThat(reply.endStream()).isTrue();
            assertThat(client.isOpen()).isTrue();
        }
        assertThat(errors("grpc-message-too-large")).isEqualTo(before + 1);
    }

    @Test
    void aLengthPrefixPastTheEndOfStreamIsInternal() throws Exception {
        long before = errors("grpc-truncated-message");
        try (RawHttp2Client client = new RawHttp2Client(server.port())) {
            client.send(RawHttp2Client.grpcHeaders(UNARY_PATH), false,
                Unpooled.buffer().writeByte(0).writeInt(16).writeBytes(new byte[] {10, 1, 'a'}), true);
            RawHttp2Client.Received reply = client.next();
            assertThat(reply.headers().get("grpc-status").toString()).isEqualTo("13");
            assertThat(reply.headers().get("grpc-message").toString()).contains("ended inside a message");
        }
        assertThat(errors("grpc-truncated-message")).isEqualTo(before + 1);
    }

    @Test
    void aUnaryCallWithTwoRequestsIsInternal() throws Exception {
        try (RawHttp2Client client = new RawHttp2Client(server.port())) {
            client.send(RawHttp2Client.grpcHeaders(UNARY_PATH), false,
                Unpooled.buffer().writeByte(0).writeInt(0).writeByte(0).writeInt(0), true);
            RawHttp2Client.Received reply = client.next();
            assertThat(reply.headers().get("grpc-status").toString()).isEqualTo("13");
            assertThat(reply.headers().get("grpc-message").toString()).contains("too many request messages");
        }
    }

    private static byte[] readUntilClosed(InputStream in) throws Exception {
        return in.readAllBytes();
    }

    /** The error code of the first GOAWAY frame in {@code bytes} (a sequence of HTTP/2 frames), or -1. */
    private static long goAwayErrorCode(byte[] bytes) {
        int i = 0;
        while (i + 9 <= bytes.length) {
            int length = ((bytes[i] & 0xFF) << 16) | ((bytes[i + 1] & 0xFF) << 8) | (bytes[i + 2] & 0xFF);
            int type = bytes[i + 3];
            if (type == 7 && i + 9 + 8 <= bytes.length) {
                int p = i + 9 + 4;
                return ((long) (bytes[p] & 0xFF) << 24) | ((bytes[p + 1] & 0xFF) << 16) | ((bytes[p + 2] & 0xFF) << 8)
                    | (bytes[p + 3] & 0xFF);
            }
            i += 9 + length;
        }
        return -1;
    }
}
