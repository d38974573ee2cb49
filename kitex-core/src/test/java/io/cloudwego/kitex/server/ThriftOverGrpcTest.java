package io.cloudwego.kitex.server;

import static io.cloudwego.kitex.server.ThriftStreamingTestService.BIDI;
import static io.cloudwego.kitex.server.ThriftStreamingTestService.CLIENT_STREAM;
import static io.cloudwego.kitex.server.ThriftStreamingTestService.ECHO;
import static io.cloudwego.kitex.server.ThriftStreamingTestService.SERVER_STREAM;
import static io.cloudwego.kitex.server.ThriftStreamingTestService.UNARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.cloudwego.kitex.client.CallOptions;
import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.client.ResponseMetadata;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.remote.MethodPayload;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.serviceinfo.MethodDescriptor;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.streaming.Metadata;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.Responses;
import io.cloudwego.kitex.testing.StringResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Thrift service with a plain method and methods of every {@code streaming.mode}, served on one
 * port next to a Protobuf service: a {@link KitexClient} calls the plain method over TTHeader Framed
 * and the others over gRPC with {@code application/grpc+thrift}.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThriftOverGrpcTest {
    private static final long WAIT_SECONDS = Eventually.DEFAULT_TIMEOUT.toSeconds();

    private final ThriftStreamingTestService.Handlers handlers = new ThriftStreamingTestService.Handlers();
    private final List<RpcInfo> seenByServerMiddleware = new CopyOnWriteArrayList<>();
    private final List<RpcInfo> seenByClientMiddleware = new CopyOnWriteArrayList<>();
    private KitexServer server;
    private KitexClient client;

    @BeforeEach
    void start() {
        server = KitexServer.builder().host("127.0.0.1").port(0)
            .middleware(next -> (info, request) -> {
                seenByServerMiddleware.add(info);
                return next.call(info, request);
            })
            .service(ThriftStreamingTestService.DESCRIPTOR, handlers)
            .service(GrpcTestService.DESCRIPTOR, new GrpcTestService.Handlers())
            .build().start();
        client = clientOf(ThriftStreamingTestService.DESCRIPTOR).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(Duration.ofSeconds(1));
    }

    private KitexClient.Builder clientOf(ServiceDescriptor<?> service) {
        return KitexClient.builder("stream", service)
            .addresses("127.0.0.1:" + server.port())
            .connectTimeout(Duration.ofSeconds(5))
            .middleware(next -> (info, request) -> {
                seenByClientMiddleware.add(info);
                return next.call(info, request);
            });
    }

    @Test
    void thePlainMethodGoesOverTTHeaderFramedAndTheUnaryStreamingOneOverGrpcThroughBothChains() throws Exception {
        assertThat(client.callBlocking(ECHO, "plain")).isEqualTo("plain");
        assertThat(await(client.call(UNARY, "over grpc"))).isEqualTo("over grpc");
        assertThat(client.callBlocking(UNARY, "blocking")).isEqualTo("blocking");

        assertThat(seenByClientMiddleware).extracting(RpcInfo::method, RpcInfo::transport).containsExactly(
            tuple("Echo", Transport.TTHEADER_FRAMED),
            tuple("Unary", Transport.GRPC),
            tuple("Unary", Transport.GRPC));
        assertThat(seenByServerMiddleware).extracting(RpcInfo::method, RpcInfo::transport, RpcInfo::methodKind)
            .containsExactly(
                tuple("Echo", Transport.TTHEADER_FRAMED, MethodKind.UNARY),
                tuple("Unary", Transport.GRPC, MethodKind.UNARY),
                tuple("Unary", Transport.GRPC, MethodKind.UNARY));
        assertThat(seenByServerMiddleware).allSatisfy(info ->
            assertThat(info.idlServiceName()).isEqualTo(ThriftStreamingTestService.NAME));
    }

    @Test
    void serverStreamingDeliversEveryResponse() throws Exception {
        Responses<String, String> responses = new Responses<>();
        client.serverStreamingCall(SERVER_STREAM, "3", responses);
        await(responses.done);
        assertThat(responses.values).containsExactly("item-0", "item-1", "item-2");
    }

    @Test
    void clientStreamingSendsEveryRequest() throws Exception {
        Responses<String, String> responses = new Responses<>();
        StreamObserver<String> requests = client.clientStreamingCall(CLIENT_STREAM, responses);
        requests.onNext("a");
        requests.onNext("b");
        requests.onNext("c");
        requests.onCompleted();
        await(responses.done);
        assertThat(responses.values).containsExactly("a,b,c");
    }

    @Test
    void bidiStreamingAnswersEachRequest() throws Exception {
        Responses<String, String> responses = new Responses<>();
        StreamObserver<String> requests = client.bidiStreamingCall(BIDI, responses);
        requests.onNext("x");
        requests.onNext("y");
        requests.onCompleted();
        await(responses.done);
        assertThat(responses.values).containsExactly("echo:x", "echo:y");
        assertThat(seenByClientMiddleware).singleElement().satisfies(info -> {
            assertThat(info.transport()).isEqualTo(Transport.GRPC);
            assertThat(info.methodKind()).isEqualTo(MethodKind.BIDI_STREAMING);
        });
    }

    @Test
    void handlerErrorsArriveAsGrpcStatuses() throws Exception {
        handlers.unary = request -> CompletableFuture.failedFuture(
            GrpcStatusException.of(GrpcStatus.Code.INVALID_ARGUMENT, "no " + request));
        GrpcStatusException unary = statusOf(client.call(UNARY, "thanks"));
        assertThat(unary.code()).isEqualTo(GrpcStatus.Code.INVALID_ARGUMENT);
        assertThat(unary.status().description()).isEqualTo("no thanks");

        handlers.serverStream = (request, responses) -> {
            responses.onNext("first");
            responses.onError(GrpcStatusException.of(GrpcStatus.Code.NOT_FOUND, "nothing more"));
        };
        Responses<String, String> streamed = new Responses<>();
        client.serverStreamingCall(SERVER_STREAM, "2", streamed);
        GrpcStatusException error = statusOf(streamed.done);
        assertThat(error.code()).isEqualTo(GrpcStatus.Code.NOT_FOUND);
        assertThat(error.status().description()).isEqualTo("nothing more");
        assertThat(streamed.values).containsExactly("first");
    }

    @Test
    void cancellingAStreamReachesTheHandler() throws Exception {
        CompletableFuture<Throwable> seenByHandler = new CompletableFuture<>();
        handlers.bidi = responses -> new StreamObserver<>() {
            @Override
            public void onNext(String value) {
                responses.onNext("echo:" + value);
            }

            @Override
            public void onError(Throwable error) {
                seenByHandler.complete(error);
            }

            @Override
            public void onCompleted() {
                responses.onCompleted();
            }
        };
        Responses<String, String> responses = new Responses<>() {
            @Override
            public void onNext(String value) {
                super.onNext(value);
                requestStream.cancel("enough", null);
            }
        };
        StreamObserver<String> requests = client.bidiStreamingCall(BIDI, responses);
        requests.onNext("first");
        GrpcStatusException error = statusOf(responses.done);
        assertThat(error.code()).isEqualTo(GrpcStatus.Code.CANCELLED);
        assertThat(responses.values).containsExactly("echo:first");
        assertThat(seenByHandler.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOfSatisfying(GrpcStatusException.class,
            e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.CANCELLED));
    }

    @Test
    void metadataGoesBothWays() throws Exception {
        handlers.unary = request -> {
            GrpcServerCall call = GrpcServerCall.current();
            call.responseHeaders().put("x-echo-user", call.requestHeaders().get("x-user"));
            call.responseTrailers().putBinary("x-echo-token-bin", call.requestHeaders().getBinary("x-token-bin"));
            return CompletableFuture.completedFuture(request);
        };
        byte[] token = {0, 1, (byte) 0xFF};
        ResponseMetadata response = new ResponseMetadata();
        CallOptions options = CallOptions.DEFAULT
            .withHeaders(new Metadata().put("x-user", "alice").putBinary("x-token-bin", token))
            .withResponseMetadata(response);
        assertThat(await(client.call(UNARY, "m", options))).isEqualTo("m");
        assertThat(response.headers().get("x-echo-user")).isEqualTo("alice");
        assertThat(response.trailers().getBinary("x-echo-token-bin")).isEqualTo(token);
    }

    @Test
    void theServiceIsFoundByItsNameWhateverThePackageInThePath() throws Exception {
        for (String packageName : List.of("", "other.pkg")) {
            String serviceFullName = packageName.isEmpty() ? "StreamService" : packageName + ".StreamService";
            StreamingMethodDescriptor<ThriftStreamingTestService, String, String> unary = StreamingMethodDescriptor.unary(
                serviceFullName + "/Unary", ThriftStreamingTestService.MESSAGE, ThriftStreamingTestService.MESSAGE,
                ThriftStreamingTestService::unary);
            ServiceDescriptor<ThriftStreamingTestService> elsewhere = ServiceDescriptor.thrift(packageName,
                "StreamService", ThriftStreamingTestService.class, List.of(), List.of(unary));
            try (KitexClient other = clientOf(elsewhere).build()) {
                assertThat(await(other.call(unary, "via " + serviceFullName))).isEqualTo("via " + serviceFullName);
            }
        }
    }

    @Test
    void aMethodTheServerLacksIsUnimplemented() {
        StreamingMethodDescriptor<ThriftStreamingTestService, String, String> missing = StreamingMethodDescriptor.unary(
            ThriftStreamingTestService.FULL_NAME + "/Missing", ThriftStreamingTestService.MESSAGE,
            ThriftStreamingTestService.MESSAGE, ThriftStreamingTestService::unary);
        ServiceDescriptor<ThriftStreamingTestService> more = ServiceDescriptor.thrift(ThriftStreamingTestService.PACKAGE,
            ThriftStreamingTestService.NAME, ThriftStreamingTestService.class, List.of(), List.of(missing));
        try (KitexClient other = clientOf(more).build()) {
            GrpcStatusException error = statusOf(other.call(missing, "x"));
            assertThat(error.code()).isEqualTo(GrpcStatus.Code.UNIMPLEMENTED);
            assertThat(error.status().description()).isEqualTo("unknown method Missing of service thriftgrpc.StreamService");
        }
    }

    @Test
    void aStreamingModeMethodIsNotServedOverTheMessageFramings() {
        MethodDescriptor<ThriftStreamingTestService, String, String> unaryAsPlain = MethodDescriptor.of("Unary",
            ThriftStreamingTestService.TEXT, new StringResult("Unary"), ThriftStreamingTestService::unary);
        try (KitexClient plain = clientOf(ServiceDescriptor.of(ThriftStreamingTestService.NAME,
            ThriftStreamingTestService.class, unaryAsPlain)).build()) {
            assertThatThrownBy(() -> plain.callBlocking(unaryAsPlain, "x"))
                .isInstanceOfSatisfying(RemoteApplicationException.class,
                    e -> assertThat(e.type()).isEqualTo(RemoteApplicationException.UNKNOWN_METHOD));
        }
    }

    @Test
    void aStreamingModeMethodHasNoMessageFramedPayload() {
        assertThatThrownBy(() -> MethodPayload.of(UNARY))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("thriftgrpc.StreamService/Unary is a Thrift method annotated streaming.mode: only gRPC carries it");
    }

    @Test
    void theGrpcTransportIsRefusedForAThriftServiceWithPlainMethods() {
        assertThatThrownBy(() -> clientOf(ThriftStreamingTestService.DESCRIPTOR).transport(Transport.GRPC).build())
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("transport GRPC cannot carry the methods of Thrift service StreamService without"
                + " streaming.mode [Echo]; its streaming.mode methods use gRPC whatever the transport, so keep"
                + " TTHEADER_FRAMED, TTHEADER, FRAMED or BUFFERED");
    }

    @Test
    void aThriftServiceOfStreamingMethodsOnlyMayNameTheGrpcTransport() throws Exception {
        ServiceDescriptor<ThriftStreamingTestService> streamingOnly = ServiceDescriptor.thrift(
            ThriftStreamingTestService.PACKAGE, ThriftStreamingTestService.NAME, ThriftStreamingTestService.class,
            List.of(), List.of(UNARY));
        try (KitexClient grpc = clientOf(streamingOnly).transport(Transport.GRPC).build()) {
            assertThat(await(grpc.call(UNARY, "fine"))).isEqualTo("fine");
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static GrpcStatusException statusOf(CompletableFuture<?> future) {
        try {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(GrpcStatusException.class);
            return (GrpcStatusException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the call succeeded");
    }
}
