package io.cloudwego.kitex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.limit.LimitKind;
import io.cloudwego.kitex.testing.Eventually;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's request limits apply to gRPC calls too, answered with RESOURCE_EXHAUSTED before the handler runs. */
class GrpcServerLimitsTest {
    private KitexServer server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void aCallBeyondMaxConcurrencyEndsResourceExhaustedAndTheNextOneIsServedOnceTheFirstEnds() throws Exception {
        GrpcTestService.Handlers handlers = new GrpcTestService.Handlers();
        CompletableFuture<StringValue> held = new CompletableFuture<>();
        CompletableFuture<Void> firstArrived = new CompletableFuture<>();
        handlers.unary = request -> {
            if (request.getValue().equals("hold")) {
                firstArrived.complete(null);
                return held;
            }
            return CompletableFuture.completedFuture(request);
        };
        server = KitexServer.builder().host("127.0.0.1").port(0).maxConcurrency(1)
            .service(GrpcTestService.DESCRIPTOR, handlers).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();

        var first = ClientCalls.futureUnaryCall(channel.newCall(GrpcTestService.Client.UNARY, CallOptions.DEFAULT),
            StringValue.of("hold"));
        firstArrived.get(10, TimeUnit.SECONDS);

        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () ->
            ClientCalls.blockingUnaryCall(channel, GrpcTestService.Client.UNARY, CallOptions.DEFAULT,
                StringValue.of("refused")));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getStatus().getDescription()).contains(LimitKind.MAX_CONCURRENCY.message());
        assertThat(server.metrics().refusals(LimitKind.MAX_CONCURRENCY)).isEqualTo(1);

        held.complete(StringValue.of("released"));
        assertThat(first.get(10, TimeUnit.SECONDS).getValue()).isEqualTo("released");
        Eventually.await("the first call's permit is given back", () -> server.metrics().inFlightRequests() == 0);
        assertThat(ClientCalls.blockingUnaryCall(channel, GrpcTestService.Client.UNARY, CallOptions.DEFAULT,
            StringValue.of("after")).getValue()).isEqualTo("after");
    }
}
