package io.cloudwego.kitex.server;

import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.internal.SerialExecutor;
import io.cloudwego.kitex.metainfo.Metainfo;
import io.cloudwego.kitex.remote.Transport;
import io.cloudwego.kitex.remote.codec.grpc.Compressor;
import io.cloudwego.kitex.remote.codec.grpc.GrpcHeaders;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.remote.codec.grpc.MessageDeframer;
import io.cloudwego.kitex.remote.codec.grpc.MessageFramer;
import io.cloudwego.kitex.rpcinfo.EndpointInfo;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.serviceinfo.MethodKind;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.streaming.Metadata;
import io.cloudwego.kitex.streaming.ServerCallStreamObserver;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gRPC call on the server: reads its request messages as the handler asks for them (returning
 * their bytes to the client's flow-control window only then), runs the handler and its callbacks
 * one at a time on the call's {@link SerialExecutor}, and writes responses with back-pressure.
 *
 * <p>Fields marked "event loop" are only touched on the connection's event loop; the handler side
 * runs on the serial executor; the outbound byte count is shared under {@link #lock}.
 */
final class GrpcServerStream implements GrpcServerCall {
    private static final Logger log = LoggerFactory.getLogger(GrpcServerStream.class);
    private static final ThreadLocal<GrpcServerStream> CURRENT = new ThreadLocal<>();

    /**
     * Bytes queued for write on one stream above which {@code isReady()} is false and a handler
     * thread calling {@code onNext} waits.
     */
    static final int WRITE_HIGH_WATER_MARK = 128 * 1024;

    private final GrpcServerHandler handler;
    private final KitexServer server;
    private final ChannelHandlerContext ctx;
    private final Http2Stream stream;
    private final ServiceTable.GrpcRoute route;
    private final StreamingMethodDescriptor<Object, Object, Object> method;
    private final String fullMethodName;
    private final Metadata requestHeaders;
    private final Metadata responseHeaders = new Metadata();
    private final Metadata responseTrailers = new Metadata();
    private final CharSequence requestContentType;
    private final CharSequence acceptEncoding;
    private final RpcInfo info;
    private final SerialExecutor serial;
    private final MessageDeframer deframer;
    private final Responder responder = new Responder();

    // event loop
    private int requested;
    private boolean remoteEnded;
    private boolean halfCloseDispatched;
    private long deliveredBytes;
    private long returnedBytes;
    private int unaryRequests;
    private ByteBuf unaryRequest;
    private boolean unaryRequestCompressed;
    private ScheduledFuture<?> deadlineTimer;
    private volatile boolean headersSent;
    private volatile boolean closed;
    private boolean finished;
    private volatile boolean cancelled;

    // handler side (serial executor)
    private StreamObserver<Object> requestObserver;
    private boolean requestObserverEnded;
    private volatile boolean autoRequest = true;
    private volatile Runnable onReadyHandler;
    private volatile Runnable onCancelHandler;
    private volatile boolean outboundEnded;
    private volatile Compressor responseCompressor;
    private volatile boolean messageCompression = true;
    private volatile boolean requestMessageCompressed;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();
    private long queuedBytes;

    @SuppressWarnings("unchecked")
    GrpcServerStream(GrpcServerHandler handler, Http2Stream stream, ServiceTable.GrpcRoute route, String fullMethodName,
                     Http2Headers headers, Compressor decompressor, Duration timeout, CharSequence acceptEncoding) {
        this.handler = handler;
        this.server = handler.server();
        this.ctx = handler.context();
        this.stream = stream;
        this.route = route;
        this.method = (StreamingMethodDescriptor<Object, Object, Object>) route.method();
        this.fullMethodName = fullMethodName;
        this.requestHeaders = GrpcHeaders.readMetadata(headers);
        this.requestContentType = headers.get(GrpcHeaders.CONTENT_TYPE);
        this.acceptEncoding = acceptEncoding;
        Metainfo metainfo = GrpcHeaders.readMetainfo(headers);
        this.info = new RpcInfo(
            new EndpointInfo(null, null, ctx.channel().remoteAddress()),
            new EndpointInfo(server.serviceName(), method.name(), ctx.channel().localAddress()),
            route.service().name(), method.name(), method.kind(), method, Transport.GRPC, timeout, metainfo);
        this.info.seqId(stream.id());
        Executor executor = route.execution() == HandlerExecution.EVENT_LOOP ? ctx.executor() : server.executor();
        this.serial = new SerialExecutor(executor);
        this.deframer = new MessageDeframer(ctx.alloc(), server.maxGrpcMessageSize(), decompressor);
    }

    static GrpcServerStream current() {
        return CURRENT.get();
    }

    // ---- event loop: inbound ----

    void start(boolean endOfStream) {
        server.metrics().requestStarted();
        Duration remaining = info.remainingTime();
        if (remaining != null) {
            deadlineTimer = ctx.executor().schedule(this::deadlineExceeded, remaining.toNanos(), TimeUnit.NANOSECONDS);
        }
        if (method.kind().isClientStreaming()) {
            submit(this::invokeStreaming);
        } else {
            requested = 2;
        }
        if (endOfStream) {
            onData(io.netty.buffer.Unpooled.EMPTY_BUFFER, true);
        }
    }

    void onData(ByteBuf data, boolean endOfStream) {
        if (closed) {
            data.release();
            return;
        }
        deframer.add(data);
        if (endOfStream) {
            remoteEnded = true;
        }
        deliver();
    }

    boolean isClosed() {
        return closed;
    }

    private void deliver() {
        if (closed) {
            return;
        }
        try {
            while (requested > 0 && !closed) {
                ByteBuf message = deframer.next();
                if (message == null) {
                    break;
                }
                requested--;
                deliveredBytes += deframer.takeConsumedBytes();
                dispatchMessage(message, deframer.lastMessageCompressed());
            }
        } catch (GrpcStatusException e) {
            handler.badRequest(e.code() == GrpcStatus.Code.RESOURCE_EXHAUSTED ? "grpc-message-too-large"
                : "grpc-bad-message", fullMethodName + ": " + e.status().description());
            close(e.status(), null);
            return;
        }
        if (closed) {
            return;
        }
        returnWindow();
        if (remoteEnded && !halfCloseDispatched) {
            if (!deframer.hasPartialMessage()) {
                halfCloseDispatched = true;
                dispatchHalfClose();
            } else if (requested > 0) {
                handler.badRequest("grpc-truncated-message", fullMethodName
                    + ": the stream ended inside a message (" + deframer.bufferedBytes() + " bytes left)");
                close(GrpcStatus.of(GrpcStatus.Code.INTERNAL, "the request stream ended inside a message"), null);
            }
        }
    }

    /**
     * Gives the client back the bytes of messages delivered, plus, while the handler wants a message,
     * those of the message being received: a message larger than the window still arrives.
     */
    private void returnWindow() {
        long target = deliveredBytes + (requested > 0 ? deframer.bufferedBytes() : 0);
        if (target > returnedBytes) {
            handler.consumeBytes(stream, (int) (target - returnedBytes));
            returnedBytes = target;
        }
    }

    private void dispatchMessage(ByteBuf message, boolean compressed) {
        if (!method.kind().isClientStreaming()) {
            if (++unaryRequests > 1) {
                message.release();
                close(GrpcStatus.of(GrpcStatus.Code.INTERNAL, "too many request messages for " + method.kind()
                    + " method " + fullMethodName), null);
                return;
            }
            unaryRequest = message;
            unaryRequestCompressed = compressed;
            return;
        }
        submit(() -> {
            try {
                if (closed || requestObserver == null || requestObserverEnded) {
                    return;
                }
                Object request;
                try {
                    request = readRequest(message);
                } catch (RuntimeException e) {
                    failFromHandler(e);
                    return;
                }
                requestMessageCompressed = compressed;
                try (Scope ignored = enter()) {
                    requestObserver.onNext(request);
                } catch (Throwable t) {
                    failFromHandler(t);
                    return;
                }
            } finally {
                message.release();
            }
            if (autoRequest) {
                request(1);
            }
        });
    }

    private void dispatchHalfClose() {
        if (method.kind().isClientStreaming()) {
            submit(() -> {
                if (closed || requestObserver == null || requestObserverEnded) {
                    return;
                }
                requestObserverEnded = true;
                try (Scope ignored = enter()) {
                    requestObserver.onCompleted();
                } catch (Throwable t) {
                    failFromHandler(t);
                }
            });
            return;
        }
        ByteBuf request = unaryRequest;
        unaryRequest = null;
        if (request == null) {
            close(GrpcStatus.of(GrpcStatus.Code.INTERNAL, "the client half-closed without a request message"), null);
            return;
        }
        boolean compressed = unaryRequestCompressed;
        submit(() -> invokeWithRequest(request, compressed));
    }

    private void submit(Runnable task) {
        try {
            serial.execute(task);
        } catch (RejectedExecutionException e) {
            log.warn("handler executor rejected gRPC call {}", fullMethodName);
            Runnable inEventLoop = () -> {
                cancelled = true;
                close(GrpcStatus.of(GrpcStatus.Code.RESOURCE_EXHAUSTED,
                    "server overloaded: the handler executor rejected the call"), null);
                serial.run();
            };
            if (ctx.executor().inEventLoop()) {
                inEventLoop.run();
            } else {
                ctx.executor().execute(inEventLoop);
            }
        }
    }

    private void deadlineExceeded() {
        if (closed) {
            return;
        }
        cancelled = true;
        GrpcStatus status = GrpcStatus.of(GrpcStatus.Code.DEADLINE_EXCEEDED,
            "deadline exceeded after " + info.rpcTimeout().toMillis() + "ms");
        close(status, null);
        notifyCancelled(status);
    }

    /** Ends the call because the client reset the stream, the connection closed, or the server stopped. */
    void cancel(GrpcStatus reason) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> cancel(reason));
            return;
        }
        if (closed) {
            return;
        }
        cancelled = true;
        finish();
        notifyCancelled(reason);
    }

    private void notifyCancelled(GrpcStatus reason) {
        submit(() -> {
            Runnable onCancel = onCancelHandler;
            try (Scope ignored = enter()) {
                if (onCancel != null) {
                    onCancel.run();
                }
                if (requestObserver != null && !requestObserverEnded) {
                    requestObserverEnded = true;
                    requestObserver.onError(new GrpcStatusException(reason));
                }
            } catch (Throwable t) {
                log.warn("cancellation callback of {} failed", fullMethodName, t);
            }
        });
    }

    /** Sends the final status (as trailers, or trailers-only when nothing was sent) and ends the call. */
    private void close(GrpcStatus status, Metadata extraTrailers) {
        if (closed) {
            return;
        }
        // Writing the trailers may close the HTTP/2 stream at once, and its listener cancels calls not yet closed.
        closed = true;
        Http2Headers trailers = headersSent ? new DefaultHttp2Headers() : responseHeaderBlock(true);
        headersSent = true;
        trailers.setInt(GrpcHeaders.STATUS, status.code().value());
        if (status.description() != null && !status.description().isEmpty()) {
            trailers.set(GrpcHeaders.MESSAGE, GrpcStatus.encodeMessage(status.description()));
        }
        GrpcHeaders.writeMetadata(responseTrailers, trailers);
        if (extraTrailers != null) {
            GrpcHeaders.writeMetadata(extraTrailers, trailers);
        }
        handler.encoder().writeHeaders(ctx, stream.id(), trailers, 0, true, ctx.newPromise());
        handler.flushSoon();
        finish();
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        closed = true;
        if (deadlineTimer != null) {
            deadlineTimer.cancel(false);
        }
        if (unaryRequest != null) {
            unaryRequest.release();
            unaryRequest = null;
        }
        deframer.close();
        handler.consumeAll(stream);
        handler.flushSoon();
        lock.lock();
        try {
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        info.stats().finish();
        server.metrics().requestFinished();
    }

    private Http2Headers responseHeaderBlock(boolean trailersOnly) {
        Http2Headers headers = new DefaultHttp2Headers().status(HttpResponseStatus.OK.codeAsText())
            .set(GrpcHeaders.CONTENT_TYPE, requestContentType != null && GrpcHeaders.isGrpcContentType(requestContentType)
                ? requestContentType : GrpcHeaders.CONTENT_TYPE_GRPC);
        if (!trailersOnly) {
            Compressor compressor = responseCompressor;
            if (compressor != null) {
                headers.set(GrpcHeaders.ENCODING, compressor.name());
            }
            headers.set(GrpcHeaders.ACCEPT_ENCODING, GrpcServerHandler.ACCEPT_ENCODING);
        }
        GrpcHeaders.writeMetadata(responseHeaders, headers);
        return headers;
    }

    private void writeMessage(ByteBuf framed, int size) {
        if (closed) {
            framed.release();
            dequeued(size);
            return;
        }
        if (!headersSent) {
            headersSent = true;
            handler.encoder().writeHeaders(ctx, stream.id(), responseHeaderBlock(false), 0, false, ctx.newPromise());
        }
        ChannelPromise promise = ctx.newPromise();
        promise.addListener(f -> dequeued(size));
        handler.encoder().writeData(ctx, stream.id(), framed, 0, false, promise);
        handler.flushSoon();
    }

    // ---- handler side ----

    private void invokeStreaming() {
        if (closed) {
            return;
        }
        try (Scope ignored = enter()) {
            requestObserver = method.streamingInvoker().invoke(route.implementation(), responder);
            if (requestObserver == null) {
                throw new NullPointerException("handler of " + fullMethodName + " returned no request observer");
            }
        } catch (Throwable t) {
            requestObserverEnded = true;
            failFromHandler(t);
            return;
        }
        if (autoRequest) {
            request(1);
        }
        fireInitialOnReady();
    }

    private void invokeWithRequest(ByteBuf message, boolean compressed) {
        requestMessageCompressed = compressed;
        Object request;
        try {
            if (closed) {
                return;
            }
            request = readRequest(message);
        } catch (RuntimeException e) {
            failFromHandler(e);
            return;
        } finally {
            message.release();
        }
        if (method.kind() == MethodKind.UNARY) {
            CompletableFuture<Object> result;
            try (Scope ignored = enter()) {
                result = route.endpoint().call(info, request);
                if (result == null) {
                    result = CompletableFuture.failedFuture(new NullPointerException("handler returned no future"));
                }
            } catch (Throwable t) {
                result = CompletableFuture.failedFuture(t);
            }
            result.whenComplete((value, error) -> {
                if (error != null) {
                    responder.onError(error);
                } else {
                    responder.respond(value);
                }
            });
            return;
        }
        try (Scope ignored = enter()) {
            method.serverStreamingInvoker().invoke(route.implementation(), request, responder);
        } catch (Throwable t) {
            failFromHandler(t);
            return;
        }
        fireInitialOnReady();
    }

    /** Decodes a request message; one that does not decode is bad input, counted and logged. */
    private Object readRequest(ByteBuf message) {
        try {
            return method.requestCodec().read(message);
        } catch (RuntimeException e) {
            handler.badRequest("grpc-bad-message", fullMethodName + ": the request message does not decode: "
                + e.getMessage());
            throw e;
        }
    }

    private void fireInitialOnReady() {
        if (onReadyHandler != null && responder.isReady()) {
            submit(this::runOnReady);
        }
    }

    private void runOnReady() {
        Runnable onReady = onReadyHandler;
        if (onReady == null || closed) {
            return;
        }
        try (Scope ignored = enter()) {
            onReady.run();
        } catch (Throwable t) {
            failFromHandler(t);
        }
    }

    private void failFromHandler(Throwable error) {
        if (!closed && !outboundEnded) {
            responder.onError(error);
        } else {
            log.debug("gRPC handler of {} failed after its call ended", fullMethodName, error);
        }
    }

    private void request(int count) {
        runOnEventLoop(() -> {
            if (closed) {
                return;
            }
            requested = (int) Math.min(Integer.MAX_VALUE, (long) requested + count);
            deliver();
            handler.flushSoon();
        });
    }

    private void runOnEventLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    private Scope enter() {
        GrpcServerStream previousCall = CURRENT.get();
        CURRENT.set(this);
        RpcInfo.Scope rpcScope = RpcInfo.makeCurrent(info);
        Metainfo.Scope metainfoScope = info.metainfo().makeCurrent();
        return () -> {
            metainfoScope.close();
            rpcScope.close();
            CURRENT.set(previousCall);
        };
    }

    @FunctionalInterface
    private interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    // ---- outbound accounting ----

    private void enqueued(int size) {
        lock.lock();
        try {
            queuedBytes += size;
        } finally {
            lock.unlock();
        }
        server.metrics().grpcWriteQueued(size);
    }

    private void dequeued(int size) {
        boolean becameReady;
        lock.lock();
        try {
            boolean wasFull = queuedBytes >= WRITE_HIGH_WATER_MARK;
            queuedBytes -= size;
            becameReady = wasFull && queuedBytes < WRITE_HIGH_WATER_MARK;
            if (queuedBytes < WRITE_HIGH_WATER_MARK) {
                writable.signalAll();
            }
        } finally {
            lock.unlock();
        }
        server.metrics().grpcWriteQueued(-size);
        if (becameReady && onReadyHandler != null && !closed) {
            submit(this::runOnReady);
        }
    }

    private void awaitWritable() {
        if (ctx.executor().inEventLoop()) {
            return;
        }
        lock.lock();
        try {
            while (queuedBytes >= WRITE_HIGH_WATER_MARK && !closed) {
                writable.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    // ---- GrpcServerCall ----

    @Override
    public String fullMethodName() {
        return fullMethodName;
    }

    @Override
    public SocketAddress remoteAddress() {
        return ctx.channel().remoteAddress();
    }

    @Override
    public Metadata requestHeaders() {
        return requestHeaders;
    }

    @Override
    public boolean requestMessageCompressed() {
        return requestMessageCompressed;
    }

    @Override
    public Metadata responseHeaders() {
        return responseHeaders;
    }

    @Override
    public Metadata responseTrailers() {
        return responseTrailers;
    }

    @Override
    public void responseCompression(String encoding) {
        Compressor compressor = Compressor.forName(encoding);
        if (compressor == null) {
            throw new IllegalArgumentException("unknown gRPC encoding " + encoding + "; known: gzip, identity");
        }
        if (headersSent) {
            throw new IllegalStateException("the response headers of " + fullMethodName + " are already sent");
        }
        boolean accepted = GrpcHeaders.acceptedCompressor(acceptEncoding, List.of(compressor)) != null;
        responseCompressor = compressor == Compressor.IDENTITY || !accepted ? null : compressor;
    }

    @Override
    public void messageCompression(boolean enabled) {
        messageCompression = enabled;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** The response observer handed to the handler. */
    private final class Responder implements ServerCallStreamObserver<Object> {

        @Override
        public void onNext(Object value) {
            if (outboundEnded) {
                throw new IllegalStateException("the call " + fullMethodName + " has already ended");
            }
            if (closed) {
                return;
            }
            ByteBuf framed = frame(value);
            awaitWritable();
            write(framed, false);
        }

        /** Answers a unary call: its response and the OK trailers, written by one event-loop task. */
        void respond(Object value) {
            if (closed) {
                return;
            }
            ByteBuf framed;
            try {
                framed = frame(value);
            } catch (RuntimeException e) {
                onError(e);
                return;
            }
            outboundEnded = true;
            write(framed, true);
        }

        /** Queues {@code framed} for the event loop, followed by the OK trailers with {@code last}. */
        private void write(ByteBuf framed, boolean last) {
            int size = framed.readableBytes();
            enqueued(size);
            try {
                runOnEventLoop(() -> {
                    writeMessage(framed, size);
                    if (last) {
                        close(GrpcStatus.OK, null);
                    }
                });
            } catch (RejectedExecutionException e) {
                framed.release();
                dequeued(size);
            }
        }

        private ByteBuf frame(Object value) {
            return MessageFramer.encode(ctx.alloc(), method.responseCodec(), value,
                messageCompression ? responseCompressor : null);
        }

        @Override
        public void onError(Throwable error) {
            if (closed) {
                return;
            }
            if (outboundEnded) {
                throw new IllegalStateException("the call " + fullMethodName + " has already ended");
            }
            outboundEnded = true;
            GrpcStatusException status = GrpcErrors.toStatusException(error);
            if (!(error instanceof GrpcStatusException)) {
                log.debug("gRPC handler of {} failed", fullMethodName, error);
            }
            runOnEventLoop(() -> close(status.status(), status.trailers()));
        }

        @Override
        public void onCompleted() {
            if (closed) {
                return;
            }
            if (outboundEnded) {
                throw new IllegalStateException("the call " + fullMethodName + " has already ended");
            }
            outboundEnded = true;
            runOnEventLoop(() -> close(GrpcStatus.OK, null));
        }

        @Override
        public boolean isReady() {
            if (closed) {
                return false;
            }
            lock.lock();
            try {
                return queuedBytes < WRITE_HIGH_WATER_MARK;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void setOnReadyHandler(Runnable onReadyHandler) {
            GrpcServerStream.this.onReadyHandler = onReadyHandler;
        }

        @Override
        public void disableAutoRequest() {
            autoRequest = false;
        }

        @Override
        public void request(int count) {
            if (count <= 0) {
                throw new IllegalArgumentException("request count must be positive: " + count);
            }
            if (method.kind().isClientStreaming()) {
                GrpcServerStream.this.request(count);
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void setOnCancelHandler(Runnable onCancelHandler) {
            GrpcServerStream.this.onCancelHandler = onCancelHandler;
        }
    }
}
