package io.cloudwego.kitex.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.StringValue;
import io.cloudwego.kitex.streaming.ServerCallStreamObserver;
import io.cloudwego.kitex.testing.Eventually;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server stream of 1 GiB (16384 messages of 64 KiB) to a client that reads with manual flow
 * control and stops reading for a while: the server's queued bytes stay within a few windows, both
 * for a handler that honours isReady/onReady and for one that calls onNext in a loop.
 */
class GrpcFlowControlTest {
    private static final int MESSAGES = 16_384;
    private static final int MESSAGE_SIZE = 64 * 1024;
    private static final int CLIENT_WINDOW = 1024 * 1024;
    /** The client's window, the server's high-water mark and one message, with room to spare. */
    private static final long QUEUE_BOUND = 512 * 1024;
    private static final ByteString FILLER = ByteString.copyFrom(new byte[MESSAGE_SIZE - 4]);

    private KitexServer server;
    private ManagedChannel channel;
    private final AtomicInteger sent = new AtomicInteger();

    @BeforeEach
    void start() {
        GrpcTestService.Handlers handlers = new GrpcTestService.Handlers();
        handlers.serverStream = (request, responses) -> {
            ServerCallStreamObserver<BytesValue> observer = (ServerCallStreamObserver<BytesValue>) responses;
            if (request.getValue().equals("on-ready")) {
                observer.setOnReadyHandler(() -> {
                    while (observer.isReady() && sent.get() < MESSAGES) {
                        observer.onNext(message(sent.getAndIncrement()));
                    }
                    if (sent.get() == MESSAGES && sent.compareAndSet(MESSAGES, MESSAGES + 1)) {
                        observer.onCompleted();
                    }
                });
            } else {
                for (int i = 0; i < MESSAGES; i++) {
                    observer.onNext(message(i));
                    sent.incrementAndGet();
                }
                observer.onCompleted();
            }
        };
        server = KitexServer.builder().host("127.0.0.1").port(0).service(GrpcTestService.DESCRIPTOR, handlers)
            .build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
            .flowControlWindow(CLIENT_WINDOW).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        server.stop(Duration.ofSeconds(1));
    }

    private static BytesValue message(int index) {
        return BytesValue.of(ByteString.copyFrom(ByteBuffer.allocate(4).putInt(0, index)).concat(FILLER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"on-ready", "blocking-loop"})
    void aSlowReaderKeepsTheServersQueueBounded(String style) throws Exception {
        ClientCall<StringValue, BytesValue> call = channel.newCall(GrpcTestService.Client.SERVER_STREAM,
            CallOptions.DEFAULT);
        AtomicInteger received = new AtomicInteger();
        AtomicReference<String> outOfOrder = new AtomicReference<>();
        CountDownLatch firstMessage = new CountDownLatch(1);
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(BytesValue message) {
                int index = message.getValue().asReadOnlyByteBuffer().getInt();
                int expected = received.getAndIncrement();
                if (index != expected || message.getValue().size() != MESSAGE_SIZE) {
                    outOfOrder.compareAndSet(null, "message " + expected + " was " + index);
                }
                if (expected == 0) {
                    firstMessage.countDown();
                } else {
                    call.request(1);
                }
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.sendMessage(StringValue.of(style));
        call.halfClose();
        call.request(1);

        assertThat(firstMessage.await(30, TimeUnit.SECONDS)).isTrue();
        // The client reads nothing more: the server fills the client's window, then its own queue, then waits.
        Eventually.await("the server's queue fills up",
            () -> server.metrics().grpcQueuedWriteBytes() >= GrpcServerStream.WRITE_HIGH_WATER_MARK);
        Thread.sleep(300);
        long sentWhileStalled = sent.get();
        assertThat(sentWhileStalled * MESSAGE_SIZE).isLessThan(CLIENT_WINDOW + QUEUE_BOUND);
        assertThat(server.metrics().grpcQueuedWriteBytes()).isLessThan(QUEUE_BOUND);

        call.request(1);
        assertThat(closed.get(5, TimeUnit.MINUTES).getCode()).isEqualTo(Status.Code.OK);
        assertThat(outOfOrder.get()).isNull();
        assertThat(received.get()).isEqualTo(MESSAGES);
        assertThat(server.metrics().grpcQueuedWriteBytesPeak()).isLessThan(QUEUE_BOUND);
        Eventually.await("the queue drained", () -> server.metrics().grpcQueuedWriteBytes() == 0);
    }
}
