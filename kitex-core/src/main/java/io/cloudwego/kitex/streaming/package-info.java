/**
 * Streaming calls of Protobuf services (gRPC): the observers through which handlers and callers
 * exchange messages.
 *
 * <p>The style is grpc-java's, so that a Java gRPC user finds their way: messages go through a
 * {@link io.cloudwego.kitex.streaming.StreamObserver} ({@code onNext}, then {@code onCompleted} or
 * {@code onError}). Generated service interfaces take and return plain {@code StreamObserver}s:
 *
 * <ul>
 *   <li>server streaming: {@code void method(Req request, StreamObserver<Resp> responseObserver)};</li>
 *   <li>client streaming and bidirectional streaming:
 *       {@code StreamObserver<Req> method(StreamObserver<Resp> responseObserver)}, the handler
 *       returning the observer that receives the requests.</li>
 * </ul>
 *
 * <p>Flow control and cancellation are on the call-stream variants that the runtime hands out:
 * a handler casts its response observer to {@link io.cloudwego.kitex.streaming.ServerCallStreamObserver},
 * and a caller passes a {@link io.cloudwego.kitex.streaming.ClientResponseObserver} to be given the
 * {@link io.cloudwego.kitex.streaming.ClientCallStreamObserver} of its call before it starts. Both
 * extend {@link io.cloudwego.kitex.streaming.CallStreamObserver}: {@code isReady()} and
 * {@code setOnReadyHandler(Runnable)} for outbound back-pressure, {@code disableAutoRequest()} and
 * {@code request(int)} for inbound back-pressure.
 *
 * <p>These are interfaces only: the gRPC transport implements them.
 */
package io.cloudwego.kitex.streaming;
