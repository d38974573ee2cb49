package io.cloudwego.kitex.client;

import static io.cloudwego.kitex.client.GrpcClientTestService.CHAT;
import static io.cloudwego.kitex.client.GrpcClientTestService.ECHO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.Responses;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** kitex-java's gRPC client against a grpc-java server. */
class GrpcClientAgainstGrpcJavaTest extends GrpcClientContractTest {
    private GrpcJavaPeer peer;

    @Override
    void startPeer() {
        peer = new GrpcJavaPeer();
    }

    @Override
    void stopPeer() throws InterruptedException {
        peer.close();
    }

    @Override
    int port() {
        return peer.port();
    }

    @Override
    String seenHeader(String name) {
        return peer.lastHeaders.get().get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
    }

    @Override
    byte[] seenBinaryHeader(String name) {
        return peer.lastHeaders.get().get(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER));
    }

    @Override
    void assertMetainfoSeen() {
        assertThat(seenHeader("rpc-transit-trace-id")).isEqualTo("t-1");
        assertThat(seenHeader("rpc-persist-tenant")).isEqualTo("a");
    }

    @Override
    int cancellations() {
        return peer.cancellations.get();
    }

    @Override
    int callsWithDeadline() {
        return peer.callsWithDeadline.get();
    }

    @Override
    int floodSent() {
        return peer.floodSent.get();
    }

    @Override
    int floodNotReady() {
        return peer.floodNotReady.get();
    }

    @Test
    void gzipRequestsSayTheirEncoding() throws Exception {
        await(client.call(ECHO, StringValue.of("x".repeat(1000)), CallOptions.DEFAULT.withCompression("gzip")));
        assertThat(seenHeader("grpc-encoding")).isEqualTo("gzip");
        await(client.call(ECHO, StringValue.of("x".repeat(1000))));
        assertThat(seenHeader("grpc-encoding")).isNull();
    }

    @Test
    void aServerShuttingDownFinishesItsCallsAndNewCallsGoElsewhere() throws Exception {
        int port = peer.port();
        Responses<StringValue, StringValue> responses = new Responses<>();
        StreamObserver<StringValue> requests = client.bidiStreamingCall(CHAT, responses);
        requests.onNext(StringValue.of("before"));
        Eventually.await("the first echo", () -> responses.values.size() == 1);
        peer.shutdown();
        requests.onNext(StringValue.of("after"));
        requests.onCompleted();
        await(responses.done);
        assertThat(responses.values).extracting(StringValue::getValue).containsExactly("before", "after");

        Throwable refused = statusOrCause(client.call(ECHO, StringValue.of("new")));
        assertThat(refused).isInstanceOf(ConnectFailedException.class);
        assertThat(((ConnectFailedException) refused).mayHaveReachedServer()).isFalse();

        try (GrpcJavaPeer replacement = new GrpcJavaPeer(NettyServerBuilder.forAddress(
            new InetSocketAddress("127.0.0.1", port)))) {
            assertThat(await(client.call(ECHO, StringValue.of("again"))).getValue()).isEqualTo("again");
        }
    }

    @Test
    void callsInFlightFailUnavailableWhenTheServerStopsAbruptly() throws Exception {
        Responses<StringValue, StringValue> responses = new Responses<>();
        StreamObserver<StringValue> requests = client.bidiStreamingCall(CHAT, responses);
        requests.onNext(StringValue.of("before"));
        Eventually.await("the first echo", () -> responses.values.size() == 1);
        peer.close();
        GrpcStatusException error = statusOf(responses.done);
        assertThat(error.code()).isIn(GrpcStatus.Code.UNAVAILABLE, GrpcStatus.Code.CANCELLED);
        assertThat(error.mayHaveReachedServer()).isTrue();
        peer = new GrpcJavaPeer();
    }

    @Test
    void moreConnectionsOpenWhenTheServerLimitsConcurrentStreams() throws Exception {
        try (GrpcJavaPeer limited = new GrpcJavaPeer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .maxConcurrentCallsPerConnection(1));
             KitexClient oneConnection = clientOf(limited.port()).connectionsPerAddress(1).build()) {
            assertThat(await(oneConnection.call(ECHO, StringValue.of("warm up"))).getValue()).isEqualTo("warm up");
            Responses<StringValue, StringValue> first = new Responses<>();
            Responses<StringValue, StringValue> second = new Responses<>();
            StreamObserver<StringValue> firstRequests = oneConnection.bidiStreamingCall(CHAT, first);
            StreamObserver<StringValue> secondRequests = oneConnection.bidiStreamingCall(CHAT, second);
            firstRequests.onNext(StringValue.of("1"));
            secondRequests.onNext(StringValue.of("2"));
            Eventually.await("both streams answer", () -> first.values.size() == 1 && second.values.size() == 1);
            assertThat(oneConnection.openConnections()).isEqualTo(2);
            firstRequests.onCompleted();
            secondRequests.onCompleted();
            await(first.done);
            await(second.done);
        }
    }

    @Test
    void aThriftServiceWithoutStreamingModeMethodsCannotUseTheGrpcTransport() {
        assertThatThrownBy(() -> KitexClient.builder("ping", io.cloudwego.kitex.testing.PingService.DESCRIPTOR)
            .transport(Transport.GRPC).build())
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("transport GRPC cannot carry Thrift service Ping: gRPC carries only the methods annotated"
                + " streaming.mode, and it has none");
    }
}
