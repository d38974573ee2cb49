package io.cloudwego.kitex.samples.interop.client;

import static io.cloudwego.kitex.samples.interop.client.InteropChecks.check;
import static io.cloudwego.kitex.samples.interop.client.InteropChecks.checkCode;
import static io.cloudwego.kitex.samples.interop.client.InteropChecks.checkEquals;
import static io.cloudwego.kitex.samples.interop.client.InteropChecks.failureOf;

import io.cloudwego.kitex.client.CallOptions;
import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.client.ResponseMetadata;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.samples.interop.EchoMetadata;
import io.cloudwego.kitex.samples.interop.Payloads;
import io.cloudwego.kitex.streaming.ClientCallStreamObserver;
import io.cloudwego.kitex.streaming.Metadata;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.grpc.testing.integration.EmptyProtos.Empty;
import io.grpc.testing.integration.Messages.BoolValue;
import io.grpc.testing.integration.Messages.EchoStatus;
import io.grpc.testing.integration.Messages.Payload;
import io.grpc.testing.integration.Messages.PayloadType;
import io.grpc.testing.integration.Messages.ResponseParameters;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.SimpleResponse;
import io.grpc.testing.integration.Messages.StreamingInputCallRequest;
import io.grpc.testing.integration.Messages.StreamingInputCallResponse;
import io.grpc.testing.integration.Messages.StreamingOutputCallRequest;
import io.grpc.testing.integration.Messages.StreamingOutputCallResponse;
import io.grpc.testing.integration.TestServiceDescriptor;
import io.grpc.testing.integration.UnimplementedServiceDescriptor;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The interop test cases of gRPC's interop test descriptions, run with kitex-java's gRPC client
 * against a {@code grpc.testing.TestService} server. Each method returns when its case passed and
 * throws (an {@link AssertionError} saying what differed) when it failed.
 */
final class InteropTestCases {

    private static final String GZIP = "gzip";
    private static final int[] REQUEST_SIZES = {27182, 8, 1828, 45904};
    private static final int[] RESPONSE_SIZES = {31415, 9, 2653, 58979};
    private static final String SPECIAL_STATUS_MESSAGE =
        "\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \uD83D\uDE08\t\n";

    private final KitexClient testService;
    private final KitexClient unimplementedService;

    /**
     * @param testService a gRPC client of {@code grpc.testing.TestService}
     * @param unimplementedService a gRPC client of {@code grpc.testing.UnimplementedService}, on the same server
     */
    InteropTestCases(KitexClient testService, KitexClient unimplementedService) {
        this.testService = testService;
        this.unimplementedService = unimplementedService;
    }

    void emptyUnary() {
        Empty response = testService.callBlocking(TestServiceDescriptor.EMPTY_CALL, Empty.getDefaultInstance());
        checkEquals(Empty.getDefaultInstance(), response, "the response");
    }

    void largeUnary() {
        SimpleResponse response = testService.callBlocking(TestServiceDescriptor.UNARY_CALL, largeRequest().build());
        checkEquals(payload(314159), response.getPayload(), "the response's payload");
    }

    void clientStreaming() throws InterruptedException {
        ResponseRecorder<StreamingInputCallResponse> responses = new ResponseRecorder<>();
        StreamObserver<StreamingInputCallRequest> requests =
            testService.clientStreamingCall(TestServiceDescriptor.STREAMING_INPUT_CALL, responses);
        for (int size : REQUEST_SIZES) {
            requests.onNext(StreamingInputCallRequest.newBuilder().setPayload(payload(size)).build());
        }
        requests.onCompleted();
        List<StreamingInputCallResponse> received = responses.untilCompleted();
        checkEquals(1, received.size(), "the number of responses");
        checkEquals(74922, received.get(0).getAggregatedPayloadSize(), "aggregated_payload_size");
    }

    void serverStreaming() throws InterruptedException {
        StreamingOutputCallRequest.Builder request = StreamingOutputCallRequest.newBuilder();
        for (int size : RESPONSE_SIZES) {
            request.addResponseParameters(ResponseParameters.newBuilder().setSize(size));
        }
        ResponseRecorder<StreamingOutputCallResponse> responses = new ResponseRecorder<>();
        testService.serverStreamingCall(TestServiceDescriptor.STREAMING_OUTPUT_CALL, request.build(), responses);
        checkSizes(responses.untilCompleted(), RESPONSE_SIZES);
    }

    void pingPong() throws InterruptedException {
        ResponseRecorder<StreamingOutputCallResponse> responses = new ResponseRecorder<>();
        StreamObserver<StreamingOutputCallRequest> requests =
            testService.bidiStreamingCall(TestServiceDescriptor.FULL_DUPLEX_CALL, responses);
        for (int i = 0; i < REQUEST_SIZES.length; i++) {
            requests.onNext(pingRequest(REQUEST_SIZES[i], RESPONSE_SIZES[i]));
            checkEquals(payload(RESPONSE_SIZES[i]), responses.next().getPayload(), "the payload of response " + i);
        }
        requests.onCompleted();
        checkEquals(List.of(), responses.untilCompleted(), "the responses after the last request");
    }

    void emptyStream() throws InterruptedException {
        ResponseRecorder<StreamingOutputCallResponse> responses = new ResponseRecorder<>();
        StreamObserver<StreamingOutputCallRequest> requests =
            testService.bidiStreamingCall(TestServiceDescriptor.FULL_DUPLEX_CALL, responses);
        requests.onCompleted();
        checkEquals(List.of(), responses.untilCompleted(), "the responses");
    }

    void cancelAfterBegin() throws InterruptedException {
        ResponseRecorder<StreamingInputCallResponse> responses = new ResponseRecorder<>();
        StreamObserver<StreamingInputCallRequest> requests =
            testService.clientStreamingCall(TestServiceDescriptor.STREAMING_INPUT_CALL, responses);
        ((ClientCallStreamObserver<StreamingInputCallRequest>) requests).cancel("cancel_after_begin", null);
        responses.expectFailure(GrpcStatus.Code.CANCELLED);
    }

    void cancelAfterFirstResponse() throws InterruptedException {
        ResponseRecorder<StreamingOutputCallResponse> responses = new ResponseRecorder<>();
        StreamObserver<StreamingOutputCallRequest> requests =
            testService.bidiStreamingCall(TestServiceDescriptor.FULL_DUPLEX_CALL, responses);
        requests.onNext(pingRequest(27182, 31415));
        checkEquals(payload(31415), responses.next().getPayload(), "the first response's payload");
        ((ClientCallStreamObserver<StreamingOutputCallRequest>) requests).cancel("cancel_after_first_response", null);
        responses.expectFailure(GrpcStatus.Code.CANCELLED);
    }

    void timeoutOnSleepingServer() throws InterruptedException {
        ResponseRecorder<StreamingOutputCallResponse> responses = new ResponseRecorder<>();
        StreamObserver<StreamingOutputCallRequest> requests = testService.bidiStreamingCall(
            TestServiceDescriptor.FULL_DUPLEX_CALL, CallOptions.DEFAULT.withTimeout(Duration.ofMillis(1)), responses);
        try {
            requests.onNext(StreamingOutputCallRequest.newBuilder().setPayload(payload(27182)).build());
        } catch (RuntimeException deadlineAlreadyPassed) {
            // The call may have ended before the request could be sent; its observer says how.
        }
        responses.expectFailure(GrpcStatus.Code.DEADLINE_EXCEEDED);
    }

    void statusCodeAndMessage() throws InterruptedException {
        checkEchoedStatus("test status message");
    }

    void specialStatusMessage() throws InterruptedException {
        checkEchoedStatus(SPECIAL_STATUS_MESSAGE);
    }

    void unimplementedMethod() {
        GrpcStatusException error = failureOf(() ->
            testService.callBlocking(TestServiceDescriptor.UNIMPLEMENTED_CALL, Empty.getDefaultInstance()));
        checkCode(error, GrpcStatus.Code.UNIMPLEMENTED);
    }

    void unimplementedService() {
        GrpcStatusException error = failureOf(() -> unimplementedService.callBlocking(
            UnimplementedServiceDescriptor.UNIMPLEMENTED_CALL, Empty.getDefaultInstance()));
        checkCode(error, GrpcStatus.Code.UNIMPLEMENTED);
    }

    void customMetadata() throws InterruptedException {
        String initial = "test_initial_metadata_value";
        byte[] trailing = {(byte) 0xab, (byte) 0xab, (byte) 0xab};
        Metadata echoed = new Metadata().put(EchoMetadata.INITIAL_KEY, initial).putBinary(EchoMetadata.TRAILING_KEY, trailing);

        ResponseMetadata unaryMetadata = new ResponseMetadata();
        SimpleResponse response = testService.callBlocking(TestServiceDescriptor.UNARY_CALL, largeRequest().build(),
            CallOptions.DEFAULT.withHeaders(echoed).withResponseMetadata(unaryMetadata));
        checkEquals(payload(314159), response.getPayload(), "the unary response's payload");
        checkEchoed(unaryMetadata, initial, trailing, "UnaryCall");

        ResponseMetadata streamMetadata = new ResponseMetadata();
        ResponseRecorder<StreamingOutputCallResponse> responses = new ResponseRecorder<>();
        StreamObserver<StreamingOutputCallRequest> requests = testService.bidiStreamingCall(
            TestServiceDescriptor.FULL_DUPLEX_CALL,
            CallOptions.DEFAULT.withHeaders(echoed).withResponseMetadata(streamMetadata), responses);
        requests.onNext(pingRequest(271828, 314159));
        requests.onCompleted();
        checkSizes(responses.untilCompleted(), 314159);
        checkEchoed(streamMetadata, initial, trailing, "FullDuplexCall");
    }

    /**
     * client_compressed_unary: with {@code probe}, first an uncompressed request that asks to be
     * compressed, which a server checking {@code expect_compressed} fails with INVALID_ARGUMENT;
     * then the same request gzip-compressed, and one uncompressed that says so.
     */
    void clientCompressedUnary(boolean probe) {
        SimpleRequest expectCompressed = largeRequest().setExpectCompressed(BoolValue.newBuilder().setValue(true)).build();
        SimpleRequest expectUncompressed =
            largeRequest().setExpectCompressed(BoolValue.newBuilder().setValue(false)).build();
        if (probe) {
            GrpcStatusException error = failureOf(() ->
                testService.callBlocking(TestServiceDescriptor.UNARY_CALL, expectCompressed));
            checkCode(error, GrpcStatus.Code.INVALID_ARGUMENT);
        }
        SimpleResponse compressed = testService.callBlocking(TestServiceDescriptor.UNARY_CALL, expectCompressed,
            CallOptions.DEFAULT.withCompression(GZIP));
        checkEquals(payload(314159), compressed.getPayload(), "the payload of the response to the compressed request");
        SimpleResponse uncompressed = testService.callBlocking(TestServiceDescriptor.UNARY_CALL, expectUncompressed);
        checkEquals(payload(314159), uncompressed.getPayload(),
            "the payload of the response to the uncompressed request");
    }

    /**
     * client_compressed_streaming: with {@code probe}, first a stream whose one uncompressed message
     * asks to be compressed, which a server checking {@code expect_compressed} fails with
     * INVALID_ARGUMENT; then a gzip stream of a compressed message and an uncompressed one, each
     * saying how it is sent.
     */
    void clientCompressedStreaming(boolean probe) throws InterruptedException {
        StreamingInputCallRequest expectCompressed = StreamingInputCallRequest.newBuilder()
            .setExpectCompressed(BoolValue.newBuilder().setValue(true)).setPayload(payload(27182)).build();
        StreamingInputCallRequest expectUncompressed = StreamingInputCallRequest.newBuilder()
            .setExpectCompressed(BoolValue.newBuilder().setValue(false)).setPayload(payload(45904)).build();
        if (probe) {
            ResponseRecorder<StreamingInputCallResponse> probed = new ResponseRecorder<>();
            StreamObserver<StreamingInputCallRequest> probeRequests =
                testService.clientStreamingCall(TestServiceDescriptor.STREAMING_INPUT_CALL, probed);
            probeRequests.onNext(expectCompressed);
            probed.expectFailure(GrpcStatus.Code.INVALID_ARGUMENT);
        }
        ResponseRecorder<StreamingInputCallResponse> responses = new ResponseRecorder<>();
        ClientCallStreamObserver<StreamingInputCallRequest> requests =
            (ClientCallStreamObserver<StreamingInputCallRequest>) testService.clientStreamingCall(
                TestServiceDescriptor.STREAMING_INPUT_CALL, CallOptions.DEFAULT.withCompression(GZIP), responses);
        requests.messageCompression(true);
        requests.onNext(expectCompressed);
        requests.messageCompression(false);
        requests.onNext(expectUncompressed);
        requests.onCompleted();
        List<StreamingInputCallResponse> received = responses.untilCompleted();
        checkEquals(1, received.size(), "the number of responses");
        checkEquals(73086, received.get(0).getAggregatedPayloadSize(), "aggregated_payload_size");
    }

    void serverCompressedUnary() {
        for (boolean compressed : new boolean[] {true, false}) {
            SimpleResponse response = testService.callBlocking(TestServiceDescriptor.UNARY_CALL,
                largeRequest().setResponseCompressed(BoolValue.newBuilder().setValue(compressed)).build());
            checkEquals(payload(314159), response.getPayload(),
                "the payload of the response asked for with response_compressed=" + compressed);
        }
    }

    void serverCompressedStreaming() throws InterruptedException {
        StreamingOutputCallRequest request = StreamingOutputCallRequest.newBuilder()
            .addResponseParameters(ResponseParameters.newBuilder().setSize(31415)
                .setCompressed(BoolValue.newBuilder().setValue(true)))
            .addResponseParameters(ResponseParameters.newBuilder().setSize(92653)
                .setCompressed(BoolValue.newBuilder().setValue(false)))
            .build();
        ResponseRecorder<StreamingOutputCallResponse> responses = new ResponseRecorder<>();
        testService.serverStreamingCall(TestServiceDescriptor.STREAMING_OUTPUT_CALL, request, responses);
        checkSizes(responses.untilCompleted(), 31415, 92653);
    }

    void veryLargeRequest() {
        SimpleRequest request = SimpleRequest.newBuilder().setResponseType(PayloadType.COMPRESSABLE)
            .setResponseSize(10).setPayload(payload(10 * 1024 * 1024)).build();
        SimpleResponse response = testService.callBlocking(TestServiceDescriptor.UNARY_CALL, request);
        checkEquals(payload(10), response.getPayload(), "the response's payload");
    }

    private void checkEchoedStatus(String message) throws InterruptedException {
        EchoStatus status = EchoStatus.newBuilder().setCode(GrpcStatus.Code.UNKNOWN.value()).setMessage(message).build();

        GrpcStatusException unary = failureOf(() -> testService.callBlocking(TestServiceDescriptor.UNARY_CALL,
            SimpleRequest.newBuilder().setResponseStatus(status).build()));
        checkStatus(unary, message, "UnaryCall");

        ResponseRecorder<StreamingOutputCallResponse> responses = new ResponseRecorder<>();
        StreamObserver<StreamingOutputCallRequest> requests =
            testService.bidiStreamingCall(TestServiceDescriptor.FULL_DUPLEX_CALL, responses);
        requests.onNext(StreamingOutputCallRequest.newBuilder().setResponseStatus(status).build());
        requests.onCompleted();
        checkStatus(responses.failure(), message, "FullDuplexCall");
    }

    private static void checkStatus(GrpcStatusException error, String message, String method) {
        checkCode(error, GrpcStatus.Code.UNKNOWN);
        checkEquals(message, error.status().description(), "the status message of " + method);
    }

    private static void checkEchoed(ResponseMetadata metadata, String initial, byte[] trailing, String method) {
        check(metadata.headers() != null, method + ": no response headers were received");
        checkEquals(initial, metadata.headers().get(EchoMetadata.INITIAL_KEY), method + ": the echoed " + EchoMetadata.INITIAL_KEY);
        check(metadata.trailers() != null, method + ": no trailers were received");
        byte[] echoedTrailing = metadata.trailers().getBinary(EchoMetadata.TRAILING_KEY);
        check(Arrays.equals(trailing, echoedTrailing), method + ": the echoed " + EchoMetadata.TRAILING_KEY + ": expected "
            + Arrays.toString(trailing) + " but got " + Arrays.toString(echoedTrailing));
    }

    private static void checkSizes(List<StreamingOutputCallResponse> responses, int... sizes) {
        checkEquals(sizes.length, responses.size(), "the number of responses");
        for (int i = 0; i < sizes.length; i++) {
            checkEquals(payload(sizes[i]), responses.get(i).getPayload(), "the payload of response " + i);
        }
    }

    private static SimpleRequest.Builder largeRequest() {
        return SimpleRequest.newBuilder().setResponseType(PayloadType.COMPRESSABLE).setResponseSize(314159)
            .setPayload(payload(271828));
    }

    private static StreamingOutputCallRequest pingRequest(int requestSize, int responseSize) {
        return StreamingOutputCallRequest.newBuilder().setResponseType(PayloadType.COMPRESSABLE)
            .addResponseParameters(ResponseParameters.newBuilder().setSize(responseSize))
            .setPayload(payload(requestSize)).build();
    }

    private static Payload payload(int size) {
        return Payloads.zeros(size);
    }
}
