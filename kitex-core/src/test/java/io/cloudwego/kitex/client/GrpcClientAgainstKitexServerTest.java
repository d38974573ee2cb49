package io.cloudwego.kitex.client;

import static io.cloudwego.kitex.client.GrpcClientTestService.CHAT;
import static io.cloudwego.kitex.client.GrpcClientTestService.COLLECT;
import static io.cloudwego.kitex.client.GrpcClientTestService.ECHO;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.streaming.ClientCallStreamObserver;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.cloudwego.kitex.testing.Eventually;
import io.cloudwego.kitex.testing.Responses;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** kitex-java's gRPC client against kitex-java's gRPC server. */
class GrpcClientAgainstKitexServerTest extends GrpcClientContractTest {
    private KitexPeer peer;

    @Override
    void startPeer() {
        peer = new KitexPeer();
    }

    @Override
    void stopPeer() {
        peer.close();
    }

    @Override
    int port() {
        return peer.port();
    }

    @Override
    String seenHeader(String name) {
        return peer.lastHeaders.get().get(name);
    }

    @Override
    byte[] seenBinaryHeader(String name) {
        return peer.lastHeaders.get().getBinary(name);
    }

    @Override
    void assertMetainfoSeen() {
        Metainfo seen = peer.lastMetainfo.get();
        assertThat(seen.transientValue("TRACE_ID")).isEqualTo("t-1");
        assertThat(seen.persistentValue("TENANT")).isEqualTo("a");
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
    void requestsAreCompressedPerCallAndPerMessageAsAsked() throws Exception {
        await(client.call(ECHO, StringValue.of("plain")));
        assertThat(peer.lastEchoCompressed).hasValue(false);
        await(client.call(ECHO, StringValue.of("zipped"), CallOptions.DEFAULT.withCompression("gzip")));
        assertThat(peer.lastEchoCompressed).hasValue(true);

        Responses<StringValue, StringValue> responses = new Responses<>();
        ClientCallStreamObserver<StringValue> requests = (ClientCallStreamObserver<StringValue>)
            client.clientStreamingCall(COLLECT, CallOptions.DEFAULT.withCompression("gzip"), responses);
        requests.onNext(StringValue.of("a"));
        requests.messageCompression(false);
        requests.onNext(StringValue.of("b"));
        requests.messageCompression(true);
        requests.onNext(StringValue.of("c"));
        requests.onCompleted();
        await(responses.done);
        assertThat(responses.values).extracting(StringValue::getValue).containsExactly("a,b,c");
        assertThat(peer.collectedCompressed).containsExactly(true, false, true);
    }

    @Test
    void aStoppingServerFinishesItsCallsAndRefusesNewOnes() throws Exception {
        Responses<StringValue, StringValue> responses = new Responses<>();
        StreamObserver<StringValue> requests = client.bidiStreamingCall(CHAT, responses);
        requests.onNext(StringValue.of("before"));
        Eventually.await("the first echo", () -> responses.values.size() == 1);
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(peer::stop);
        Eventually.await("new calls are refused", () -> client.call(ECHO, StringValue.of("new"))
            .handle((response, error) -> error instanceof ConnectFailedException
                || error != null && error.getCause() instanceof ConnectFailedException).join());
        requests.onNext(StringValue.of("after"));
        requests.onCompleted();
        await(responses.done);
        assertThat(responses.values).extracting(StringValue::getValue).containsExactly("before", "after");
        await(stopped);
    }
}
