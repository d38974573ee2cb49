package io.cloudwego.kitex.client;

import static io.cloudwego.kitex.client.GrpcClientTestService.ECHO;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.retry.RetryPolicy;
import io.cloudwego.kitex.server.GrpcServerCall;
import io.cloudwego.kitex.server.KitexServer;
import io.cloudwego.kitex.serviceinfo.ServiceDescriptor;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.testing.Eventually;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Retried unary gRPC calls tell the server how many attempts went before
 * ({@code grpc-previous-rpc-attempts}, gRPC A6), against servers that fail the first attempts.
 */
class GrpcRetryAttemptsTest {
    private static final Metadata.Key<String> PREVIOUS_ATTEMPTS =
        Metadata.Key.of("grpc-previous-rpc-attempts", Metadata.ASCII_STRING_MARSHALLER);
    private static final String ABSENT = "absent";

    @Test
    void eachRetrySendsTheNumberOfAttemptsBeforeIt() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Server server = recordingServer(seen, (request, responses) -> {
            if (calls.incrementAndGet() <= 2) {
                responses.onError(Status.UNAVAILABLE.withDescription("not yet").asRuntimeException());
            } else {
                responses.onNext(request);
                responses.onCompleted();
            }
        });
        try (KitexClient client = client(server.getPort(), RetryPolicy.failureRetry(2))) {
            assertThat(client.callBlocking(ECHO, StringValue.of("third time")).getValue()).isEqualTo("third time");
            assertThat(seen).containsExactly(ABSENT, "1", "2");

            seen.clear();
            assertThat(client.callBlocking(ECHO, StringValue.of("first time")).getValue()).isEqualTo("first time");
            assertThat(seen).as("a call answered at once is no retry").containsExactly(ABSENT);
        } finally {
            server.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBackupRequestSaysOneAttemptWentBefore() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Server server = recordingServer(seen, (request, responses) -> {
            if (calls.incrementAndGet() > 1) {
                responses.onNext(request);
                responses.onCompleted();
            }
        });
        try (KitexClient client = client(server.getPort(), RetryPolicy.backupRequest(Duration.ofMillis(20)))) {
            assertThat(client.callBlocking(ECHO, StringValue.of("backup")).getValue()).isEqualTo("backup");
            Eventually.await("the server saw both attempts", () -> seen.size() == 2);
            assertThat(seen).as("the two attempts, in either order").containsExactlyInAnyOrder(ABSENT, "1");
        } finally {
            server.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKitexServerDoesNotHandTheHeaderToHandlersAsMetadata() {
        List<List<String>> seen = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        ServiceDescriptor<Object> service = ServiceDescriptor.protobuf(GrpcClientTestService.SERVICE, Object.class,
            StreamingMethodDescriptor.unary(ECHO.fullName(), GrpcClientTestService.TEXT, GrpcClientTestService.TEXT,
                (implementation, request) -> {
                    seen.add(List.copyOf(GrpcServerCall.current().requestHeaders().keys()));
                    if (calls.incrementAndGet() == 1) {
                        throw GrpcStatusException.of(GrpcStatus.Code.UNAVAILABLE, "not yet");
                    }
                    return CompletableFuture.completedFuture(request);
                }));
        KitexServer server = KitexServer.builder().host("127.0.0.1").port(0).service(service, new Object())
            .build().start();
        try (KitexClient client = client(server.port(), RetryPolicy.failureRetry(2))) {
            assertThat(client.callBlocking(ECHO, StringValue.of("again")).getValue()).isEqualTo("again");
            assertThat(seen).hasSize(2);
            assertThat(seen.get(1)).doesNotContain("grpc-previous-rpc-attempts");
        } finally {
            server.close();
        }
    }

    /** A grpc-java server of Echo that records each request's {@code grpc-previous-rpc-attempts}. */
    private static Server recordingServer(List<String> seen, ServerCalls.UnaryMethod<StringValue, StringValue> echo)
        throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder(GrpcClientTestService.SERVICE)
            .addMethod(GrpcJavaPeer.grpc(ECHO), ServerCalls.asyncUnaryCall(echo))
            .build();
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(ServerInterceptors.intercept(service, new ServerInterceptor() {
                @Override
                public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
                                                                             Metadata headers,
                                                                             ServerCallHandler<ReqT, RespT> next) {
                    String previous = headers.get(PREVIOUS_ATTEMPTS);
                    seen.add(previous == null ? ABSENT : previous);
                    return next.startCall(call, headers);
                }
            }))
            .build().start();
    }

    private static KitexClient client(int port, RetryPolicy retry) {
        return KitexClient.builder("test", GrpcClientTestService.DESCRIPTOR)
            .addresses("127.0.0.1:" + port)
            .transport(Transport.GRPC)
            .connectTimeout(Duration.ofSeconds(5))
            .rpcTimeout(Duration.ofSeconds(30))
            .retry(retry)
            .idempotent(ECHO.name())
            .build();
    }
}
