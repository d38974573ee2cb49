package io.cloudwego.kitex.samples.interop.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudwego.kitex.client.CallOptions;
import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.client.ResponseMetadata;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.samples.interop.EchoMetadata;
import io.cloudwego.kitex.samples.interop.Payloads;
import io.cloudwego.kitex.samples.interop.echo.EchoRequest;
import io.cloudwego.kitex.samples.interop.echo.EchoServiceClient;
import io.cloudwego.kitex.streaming.Metadata;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.grpc.testing.integration.EmptyProtos.Empty;
import io.grpc.testing.integration.Messages.EchoStatus;
import io.grpc.testing.integration.Messages.ResponseParameters;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.StreamingOutputCallRequest;
import io.grpc.testing.integration.Messages.StreamingOutputCallResponse;
import io.grpc.testing.integration.TestServiceClient;
import io.grpc.testing.integration.TestServiceDescriptor;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The interop server application serves its Protobuf TestService (unary and streaming methods) and
 * its Thrift EchoService on one port: a Kitex Protobuf client, a gRPC client and a Thrift client
 * all call it there.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OnePortTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static ConfigurableApplicationContext app;
    private static String address;

    @BeforeAll
    static void startApplication() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        app = SpringApplication.run(InteropServerApplication.class, "--kitex.server.port=" + port);
        address = "127.0.0.1:" + port;
    }

    @AfterAll
    static void stopApplication() {
        if (app != null) {
            app.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TTHEADER_FRAMED", "FRAMED", "GRPC"})
    void aProtobufClientCallsTheUnaryMethods(Transport transport) {
        try (TestServiceClient client = testService(transport)) {
            assertThat(client.unaryCall(SimpleRequest.newBuilder().setResponseSize(314159)
                .setPayload(Payloads.zeros(271828)).build()).getPayload()).isEqualTo(Payloads.zeros(314159));
            assertThat(client.emptyCall(Empty.getDefaultInstance()))
                .isEqualTo(Empty.getDefaultInstance());
        }
    }

    @Test
    void aGrpcClientCallsTheStreamingMethods() throws Exception {
        try (TestServiceClient client = testService(Transport.GRPC)) {
            Recorder serverStream = new Recorder();
            client.streamingOutputCall(StreamingOutputCallRequest.newBuilder()
                .addResponseParameters(ResponseParameters.newBuilder().setSize(3))
                .addResponseParameters(ResponseParameters.newBuilder().setSize(5).setIntervalUs(1000)).build(),
                serverStream);
            assertThat(serverStream.done.get(30, TimeUnit.SECONDS)).containsExactly(3, 5);

            Recorder bidi = new Recorder();
            StreamObserver<StreamingOutputCallRequest> requests = client.fullDuplexCall(bidi);
            requests.onNext(StreamingOutputCallRequest.newBuilder()
                .addResponseParameters(ResponseParameters.newBuilder().setSize(7)).build());
            requests.onNext(StreamingOutputCallRequest.newBuilder()
                .addResponseParameters(ResponseParameters.newBuilder().setSize(11))
                .addResponseParameters(ResponseParameters.newBuilder().setSize(13)).build());
            requests.onCompleted();
            assertThat(bidi.done.get(30, TimeUnit.SECONDS)).containsExactly(7, 11, 13);
        }
    }

    @Test
    void aGrpcCallGetsTheStatusAndEchoedMetadataItAskedFor() {
        try (TestServiceClient client = testService(Transport.GRPC)) {
            ResponseMetadata echoed = new ResponseMetadata();
            Metadata headers = new Metadata().put(EchoMetadata.INITIAL_KEY, "initial")
                .putBinary(EchoMetadata.TRAILING_KEY, new byte[] {1, 2, 3});
            SimpleRequest failing = SimpleRequest.newBuilder()
                .setResponseStatus(EchoStatus.newBuilder().setCode(9).setMessage("not now \u263A")).build();
            assertThatThrownBy(() -> client.kitexClient().callBlocking(TestServiceDescriptor.UNARY_CALL, failing,
                CallOptions.DEFAULT.withHeaders(headers).withResponseMetadata(echoed)))
                .isInstanceOfSatisfying(GrpcStatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(GrpcStatus.Code.FAILED_PRECONDITION);
                    assertThat(e.status().description()).isEqualTo("not now \u263A");
                    assertThat(e.trailers().getBinary(EchoMetadata.TRAILING_KEY)).containsExactly(1, 2, 3);
                });
            assertThatThrownBy(() -> client.unimplementedCall(
                Empty.getDefaultInstance()))
                .isInstanceOfSatisfying(GrpcStatusException.class,
                    e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.UNIMPLEMENTED));
        }
    }

    @Test
    void aThriftClientCallsTheEchoServiceOnTheSamePort() {
        for (Transport transport : Transport.messageFramings()) {
            try (EchoServiceClient client = new EchoServiceClient(EchoServiceClient.builder("echo")
                .addresses(address).transport(transport).rpcTimeout(TIMEOUT).build())) {
                assertThat(client.echo(EchoRequest.builder().message("over " + transport).build()).message())
                    .isEqualTo("over " + transport);
            }
        }
    }

    private static TestServiceClient testService(Transport transport) {
        KitexClient client = TestServiceClient.builder("grpc-interop").addresses(address).transport(transport)
            .rpcTimeout(TIMEOUT).connectTimeout(Duration.ofSeconds(10)).build();
        return new TestServiceClient(client);
    }

    /** The payload sizes of a stream of responses, complete once the stream ended with OK. */
    private static final class Recorder implements StreamObserver<StreamingOutputCallResponse> {
        final CompletableFuture<List<Integer>> done = new CompletableFuture<>();
        private final List<Integer> sizes = new CopyOnWriteArrayList<>();

        @Override
        public void onNext(StreamingOutputCallResponse value) {
            sizes.add(value.getPayload().getBody().size());
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }

        @Override
        public void onCompleted() {
            done.complete(List.copyOf(sizes));
        }
    }
}
