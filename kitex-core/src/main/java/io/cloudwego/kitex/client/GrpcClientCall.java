package io.cloudwego.kitex.client;

import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.remote.codec.grpc.Compressor;
import io.cloudwego.kitex.remote.codec.grpc.GrpcHeaders;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.remote.codec.grpc.GrpcTimeout;
import io.cloudwego.kitex.remote.codec.grpc.MessageDeframer;
import io.cloudwego.kitex.remote.codec.grpc.MessageFramer;
import io.cloudwego.kitex.remote.codec.ttheader.BizExtra;
import io.cloudwego.kitex.rpcinfo.RpcInfo;
import io.cloudwego.kitex.serviceinfo.PayloadCodec;
import io.cloudwego.kitex.serviceinfo.StreamingMethodDescriptor;
import io.cloudwego.kitex.streaming.ClientCallStreamObserver;
import io.cloudwego.kitex.streaming.Metadata;
import io.cloudwego.kitex.streaming.StreamObserver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;
import io.netty.util.Timeout;
import io.netty.util.internal.ThreadExecutorMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gRPC call of the client, from the caller's request side to the response observer: the request
 * side ({@link ClientCallStreamObserver}) queues messages until the stream is open, then writes them
 * under the server's flow control; the response side decodes what the stream brings and hands it to
 * the response observer on the call's executor, as the application asks for it.
 *
 * <p>Threads: the caller's methods run on any thread; stream events run on the connection's event
 * loop; the response observer runs on {@code callbacks}, one callback at a time.
 */
final class GrpcClientCall<Req, Resp> implements ClientCallStreamObserver<Req> {
    private static final Logger log = LoggerFactory.getLogger(GrpcClientCall.class);
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final AsciiString USER_AGENT = AsciiString.of("kitex-java");
    private static final AsciiString ACCEPTED_ENCODINGS = AsciiString.of("gzip");

    /**
     * Request bytes queued and not yet written at which {@link #isReady()} turns false and
     * {@link #onNext} makes a thread that may block wait: the server's mark.
     */
    static final int WRITE_HIGH_WATER_MARK = 128 * 1024;

    private final StreamingMethodDescriptor<?, Req, Resp> method;
    /** {@code application/grpc} or, for the methods of a Thrift service, {@code application/grpc+thrift}. */
    private final AsciiString contentType;
    private final RpcInfo info;
    private final Metadata requestMetadata;
    private final Compressor compressor;
    private final int maxGrpcMessageSize;
    private final ResponseMetadata responseMetadata;
    private final StreamObserver<Resp> responseObserver;
    private final Executor callbacks;
    private final long deadlineNanos;
    /** Completes when the call ends: with {@code null}, or with the error the response observer got. */
    final CompletableFuture<Object> done = new CompletableFuture<>();

    private volatile Runnable onReadyHandler;
    private volatile boolean autoRequest = true;
    private volatile boolean messageCompression = true;
    private volatile boolean halfClosed;
    private volatile boolean opened;
    private volatile Predicate<Throwable> unopenedFailureHandler;
    private volatile Timeout deadlineTimer;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicLong outboundBytes = new AtomicLong();
    private final Object writersLock = new Object();
    private int blockedWriters;

    /** Operations of the caller waiting for the stream; {@code null} once it is open (or the call ended). */
    private List<Runnable> pending = new ArrayList<>();
    private EventLoop eventLoop;

    // Event-loop state, once opened.
    private GrpcConnection connection;
    private Http2Stream stream;
    private MessageDeframer deframer;
    private int requested;
    /** DATA bytes received, of messages taken by the application, and given back to the window. */
    private long receivedBytes;
    private long takenBytes;
    private long returnedBytes;
    private boolean headersReceived;
    private boolean statusReceived;
    private Throwable statusError;
    /** Set on the callbacks executor once the response observer got its last callback. */
    private boolean observerClosed;

    GrpcClientCall(StreamingMethodDescriptor<?, Req, Resp> method, PayloadCodec payloadCodec, RpcInfo info,
                   CallOptions options, Compressor clientCompressor, int maxGrpcMessageSize,
                   StreamObserver<Resp> responseObserver, Executor callbacks) {
        this.method = method;
        this.contentType = GrpcHeaders.contentType(payloadCodec);
        this.info = info;
        this.requestMetadata = options.headers();
        Compressor chosen = options.compression() != null ? options.compression() : clientCompressor;
        this.compressor = chosen == null || chosen == Compressor.IDENTITY ? null : chosen;
        this.maxGrpcMessageSize = maxGrpcMessageSize;
        this.responseMetadata = options.responseMetadata();
        this.responseObserver = responseObserver;
        this.callbacks = callbacks;
        Duration timeout = info.rpcTimeout();
        this.deadlineNanos = timeout.isZero() ? 0 : System.nanoTime() + timeout.toNanos();
    }

    RpcInfo info() {
        return info;
    }

    StreamingMethodDescriptor<?, Req, Resp> method() {
        return method;
    }

    /** Arms the call's deadline: when it passes, the call is cancelled with DEADLINE_EXCEEDED. */
    void deadline(io.netty.util.Timer timer) {
        if (deadlineNanos == 0) {
            return;
        }
        Duration timeout = info.rpcTimeout();
        deadlineTimer = timer.newTimeout(t -> cancelWith(new GrpcStatusException(GrpcStatus.of(
            GrpcStatus.Code.DEADLINE_EXCEEDED, "deadline exceeded: " + method.fullName() + " did not complete within "
                + timeout.toMillis() + "ms"), null, null, opened)),
            Math.max(0, deadlineNanos - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        if (finished.get()) {
            deadlineTimer.cancel();
        }
    }

    private boolean deadlinePassed() {
        return deadlineNanos != 0 && System.nanoTime() - deadlineNanos >= 0;
    }

    boolean isFinished() {
        return finished.get();
    }

    // ---- the caller's side -------------------------------------------------------------------

    @Override
    public void onNext(Req value) {
        send(value, false);
    }

    /** Sends the one request message of a unary or server-streaming call and half-closes, in one DATA frame. */
    void sendLast(Req value) {
        send(value, true);
    }

    /**
     * Sends a request message, the last one with {@code last}. A message that is not the last waits
     * while the messages not yet written are above the high-water mark, unless on an event loop.
     */
    private void send(Req value, boolean last) {
        if (halfClosed) {
            throw new IllegalStateException("onNext after onCompleted on the request stream of " + method.fullName());
        }
        if (last) {
            halfClosed = true;
        }
        if (finished.get()) {
            return;
        }
        ByteBuf framed = MessageFramer.encode(ALLOC, method.requestCodec(), value, messageCompression ? compressor : null);
        int size = framed.readableBytes();
        outboundBytes.addAndGet(size);
        submit(new DataWrite(framed, last, size));
        // Never blocks an event loop (ThreadExecutorMap knows the executor a thread belongs to).
        if (!last && outboundBytes.get() >= WRITE_HIGH_WATER_MARK && ThreadExecutorMap.currentExecutor() == null) {
            awaitWritable();
        }
    }

    @Override
    public void onCompleted() {
        if (halfClosed) {
            throw new IllegalStateException("onCompleted called twice on the request stream of " + method.fullName());
        }
        halfClosed = true;
        if (!finished.get()) {
            submit(new DataWrite(null, true, 0));
        }
    }

    /** Ends the request stream with an error: as grpc-java, the call is cancelled with {@code error} as cause. */
    @Override
    public void onError(Throwable error) {
        cancel("the caller ended the request stream with an error", error);
    }

    @Override
    public void cancel(String message, Throwable cause) {
        String description = message != null ? message : cause != null ? String.valueOf(cause) : "cancelled by the caller";
        cancelWith(new GrpcStatusException(GrpcStatus.of(GrpcStatus.Code.CANCELLED, description), null, cause, opened));
    }

    @Override
    public void messageCompression(boolean enabled) {
        messageCompression = enabled;
    }

    @Override
    public boolean isReady() {
        return opened && !finished.get() && outboundBytes.get() < WRITE_HIGH_WATER_MARK;
    }

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {
        this.onReadyHandler = onReadyHandler;
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
        submit(() -> {
            requested = (int) Math.min(Integer.MAX_VALUE, (long) requested + count);
            deliver();
        });
    }

    // ---- the stream's side, on the event loop -----------------------------------------------

    /** Called by the connection once the stream is open and its headers are written. */
    void opened(GrpcConnection connection, Http2Stream stream, EventLoop eventLoop) {
        this.connection = connection;
        this.stream = stream;
        this.deframer = new MessageDeframer(ALLOC, maxGrpcMessageSize, null);
        info.seqId(stream.id());
        List<Runnable> waiting;
        synchronized (this) {
            waiting = pending;
            pending = null;
            this.eventLoop = eventLoop;
        }
        opened = true;
        if (autoRequest) {
            requested = 1;
        }
        for (Runnable op : waiting) {
            op.run();
        }
        if (!finished.get()) {
            notifyReady();
        }
    }

    /** The request headers of this call on a connection to {@code authority}. */
    Http2Headers requestHeaders(String authority) {
        Http2Headers headers = new DefaultHttp2Headers()
            .method("POST")
            .scheme("http")
            .path("/" + method.fullName())
            .authority(authority)
            .set(GrpcHeaders.CONTENT_TYPE, contentType)
            .set(GrpcHeaders.TE, GrpcHeaders.TE_TRAILERS)
            .set(GrpcHeaders.USER_AGENT, USER_AGENT)
            .set(GrpcHeaders.ACCEPT_ENCODING, ACCEPTED_ENCODINGS);
        if (deadlineNanos != 0) {
            headers.set(GrpcHeaders.TIMEOUT,
                GrpcTimeout.encode(Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime()))));
        }
        if (compressor != null) {
            headers.set(GrpcHeaders.ENCODING, compressor.name());
        }
        if (info.attempt() > 0) {
            headers.setInt(GrpcHeaders.PREVIOUS_RPC_ATTEMPTS, info.attempt());
        }
        GrpcHeaders.writeMetainfo(info.metainfo(), headers);
        if (requestMetadata != null) {
            GrpcHeaders.writeMetadata(requestMetadata, headers);
        }
        return headers;
    }

    /** Headers of the response: its first headers, or its trailers. */
    void inboundHeaders(Http2Headers headers, boolean endOfStream) {
        if (finished.get()) {
            return;
        }
        if (headersReceived) {
            if (!endOfStream) {
                failAndCancel(GrpcStatus.Code.INTERNAL, "a second HEADERS frame that does not end the stream");
                return;
            }
            trailers(headers);
            return;
        }
        headersReceived = true;
        CharSequence httpStatus = headers.status();
        if (httpStatus == null || !AsciiString.contentEquals(httpStatus, "200")) {
            int code = parseInt(httpStatus);
            failAndCancel(GrpcStatus.fromHttpStatus(code), "HTTP status " + httpStatus + " from the server"
                + (headers.get(GrpcHeaders.STATUS) == null ? "" : ", grpc-status " + headers.get(GrpcHeaders.STATUS)));
            return;
        }
        if (endOfStream) {
            trailers(headers);
            return;
        }
        if (!GrpcHeaders.isGrpcContentType(headers.get(GrpcHeaders.CONTENT_TYPE))) {
            failAndCancel(GrpcStatus.Code.UNKNOWN, "the response's content-type is not gRPC's: "
                + headers.get(GrpcHeaders.CONTENT_TYPE));
            return;
        }
        CharSequence encoding = headers.get(GrpcHeaders.ENCODING);
        if (encoding != null) {
            Compressor decompressor = Compressor.forName(encoding.toString());
            if (decompressor == null) {
                failAndCancel(GrpcStatus.Code.INTERNAL, "the response's grpc-encoding " + encoding + " is not supported");
                return;
            }
            deframer.decompressor(decompressor);
        }
        if (responseMetadata != null) {
            responseMetadata.headers(GrpcHeaders.readMetadata(headers));
        }
    }

    private void trailers(Http2Headers trailers) {
        Metadata metadata = GrpcHeaders.readMetadata(trailers);
        if (responseMetadata != null) {
            responseMetadata.trailers(metadata);
        }
        CharSequence statusValue = trailers.get(GrpcHeaders.STATUS);
        GrpcStatus status;
        if (statusValue == null) {
            status = GrpcStatus.of(GrpcStatus.Code.INTERNAL, "the server's trailers have no grpc-status");
        } else {
            int code = parseInt(statusValue);
            CharSequence message = trailers.get(GrpcHeaders.MESSAGE);
            String description = message == null ? null : GrpcStatus.decodeMessage(message);
            status = code < 0 || code > 16
                ? GrpcStatus.of(GrpcStatus.Code.UNKNOWN, "unknown grpc-status " + statusValue
                    + (description == null ? "" : ": " + description))
                : GrpcStatus.of(GrpcStatus.Code.of(code), description);
        }
        statusReceived = true;
        statusError = status.isOk() ? null : errorOf(status, metadata, trailers);
        deliver();
    }

    /** The error a non-OK status means to the caller: a biz status error if the server sent one. */
    private static Throwable errorOf(GrpcStatus status, Metadata metadata, Http2Headers trailers) {
        CharSequence bizStatus = trailers.get(GrpcHeaders.BIZ_STATUS);
        int bizCode = parseInt(bizStatus);
        if (bizStatus != null && bizCode != 0 && bizCode != Integer.MIN_VALUE) {
            CharSequence extra = trailers.get(GrpcHeaders.BIZ_EXTRA);
            try {
                return new BizStatusException(bizCode, status.description() == null ? "" : status.description(),
                    extra == null ? java.util.Map.of() : BizExtra.fromJson(extra.toString()));
            } catch (RuntimeException e) {
                log.debug("unreadable biz-extra trailer {}", extra, e);
            }
        }
        return new GrpcStatusException(status, metadata);
    }

    /** DATA of the stream; returns the bytes the caller may give back to the window now. */
    int inboundData(ByteBuf data, boolean endOfStream) {
        int size = data.readableBytes();
        if (finished.get()) {
            data.release();
            return size;
        }
        if (!headersReceived) {
            data.release();
            failAndCancel(GrpcStatus.Code.INTERNAL, "DATA before the response headers");
            return size;
        }
        receivedBytes += size;
        deframer.add(data);
        deliver();
        if (endOfStream && !statusReceived && !finished.get()) {
            failAndCancel(GrpcStatus.Code.INTERNAL, "the server ended the stream without trailers");
        }
        return 0;
    }

    /** RST_STREAM from the server. */
    void inboundReset(long errorCode) {
        if (finished.get() || statusReceived) {
            return;
        }
        GrpcStatus.Code code;
        boolean reachedServer = true;
        if (errorCode == Http2Error.REFUSED_STREAM.code()) {
            code = GrpcStatus.Code.UNAVAILABLE;
            reachedServer = false;
        } else if (errorCode == Http2Error.CANCEL.code()) {
            code = GrpcStatus.Code.CANCELLED;
        } else if (errorCode == Http2Error.ENHANCE_YOUR_CALM.code()) {
            code = GrpcStatus.Code.RESOURCE_EXHAUSTED;
        } else if (errorCode == Http2Error.INADEQUATE_SECURITY.code()) {
            code = GrpcStatus.Code.PERMISSION_DENIED;
        } else {
            code = GrpcStatus.Code.INTERNAL;
        }
        if (code == GrpcStatus.Code.CANCELLED && deadlinePassed()) {
            // The server's timer for our grpc-timeout fired before ours.
            code = GrpcStatus.Code.DEADLINE_EXCEEDED;
        }
        Http2Error error = Http2Error.valueOf(errorCode);
        finish(new GrpcStatusException(GrpcStatus.of(code, "stream reset by the server with "
            + (error == null ? "error " + errorCode : error.name())), null, null, reachedServer));
    }

    /** The stream closed; fails the call if it ended without a status. */
    void streamClosed(boolean connectionClosed) {
        if (finished.get() || statusReceived) {
            return;
        }
        finish(new GrpcStatusException(GrpcStatus.of(GrpcStatus.Code.UNAVAILABLE, connectionClosed
            ? "the connection to " + connection.address() + " closed during the call"
            : "the stream closed without a status"), null, null, true));
    }

    /**
     * The call's stream could not be opened, or the server refused it (GOAWAY below its id): fails with
     * {@code status}, saying the server did not see the request; or, when its stream had not opened,
     * leaves it to the {@link #onUnopenedFailure handler} to send it elsewhere.
     */
    void refused(GrpcStatus status) {
        GrpcStatusException error = new GrpcStatusException(status, null, null, false);
        if (opened) {
            finish(error);
        } else {
            failUnopened(error);
        }
    }

    /**
     * Has {@code handler} told of a failure before the call's stream opened (nothing of it was sent);
     * when it returns {@code true} the call goes on, sent again by the handler.
     */
    void onUnopenedFailure(Predicate<Throwable> handler) {
        this.unopenedFailureHandler = handler;
    }

    /** Fails the call, whose stream has not opened, with {@code error}, unless its handler sends it again. */
    void failUnopened(Throwable error) {
        Predicate<Throwable> handler = unopenedFailureHandler;
        if (finished.get() || handler != null && handler.test(error)) {
            return;
        }
        finish(error);
    }

    /**
     * Hands the messages the application asked for to the response observer, gives their bytes back
     * to the window, and ends the call once the status came and every message before it went out.
     */
    private void deliver() {
        if (finished.get() || deframer == null) {
            return;
        }
        boolean drained = false;
        try {
            while (requested > 0) {
                ByteBuf message = deframer.next();
                if (message == null) {
                    drained = true;
                    break;
                }
                requested--;
                Resp response;
                try {
                    response = method.responseCodec().read(message);
                } finally {
                    message.release();
                }
                callbacks.execute(() -> deliverToObserver(response));
            }
        } catch (GrpcStatusException e) {
            cancelWith(e);
            return;
        } catch (RuntimeException e) {
            cancelWith(new GrpcStatusException(GrpcStatus.of(GrpcStatus.Code.INTERNAL,
                "bad response message of " + method.fullName() + ": " + e.getMessage()), null, e, true));
            return;
        }
        // The bytes of a message the application waits for go back too, or a message larger than the
        // window could never complete.
        takenBytes += deframer.takeConsumedBytes();
        long returnable = drained ? receivedBytes : takenBytes;
        if (returnable > returnedBytes) {
            connection.consumeBytes(stream, (int) (returnable - returnedBytes));
            returnedBytes = returnable;
        }
        if (statusReceived) {
            if (deframer.bufferedBytes() == 0) {
                finish(statusError);
            } else if (drained) {
                finish(statusError != null ? statusError : new GrpcStatusException(GrpcStatus.of(GrpcStatus.Code.INTERNAL,
                    "the stream ended inside a message"), null, null, true));
            }
        }
    }

    private void deliverToObserver(Resp response) {
        if (observerClosed) {
            return;
        }
        try {
            responseObserver.onNext(response);
        } catch (RuntimeException e) {
            log.warn("response observer of {} failed; cancelling the call", method.fullName(), e);
            cancel("the response observer failed", e);
            return;
        }
        if (autoRequest) {
            request(1);
        }
    }

    private void failAndCancel(GrpcStatus.Code code, String description) {
        cancelWith(new GrpcStatusException(GrpcStatus.of(code, description), null, null, true));
    }

    /** Ends the call with {@code error} and resets its stream, if it is open. */
    private void cancelWith(Throwable error) {
        if (finish(error)) {
            submit(() -> {
                if (stream != null) {
                    connection.cancel(stream);
                }
            });
        }
    }

    /**
     * Ends the call once: the response observer gets onCompleted or onError after the messages
     * already handed to it; returns whether this call ended it.
     */
    boolean finish(Throwable error) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        Timeout timer = deadlineTimer;
        if (timer != null) {
            timer.cancel();
        }
        synchronized (writersLock) {
            if (blockedWriters > 0) {
                writersLock.notifyAll();
            }
        }
        submit(this::releaseInbound);
        callbacks.execute(() -> {
            observerClosed = true;
            try {
                if (error == null) {
                    responseObserver.onCompleted();
                } else {
                    responseObserver.onError(error);
                }
            } catch (RuntimeException e) {
                log.warn("response observer of {} failed at the end of the call", method.fullName(), e);
            }
        });
        if (error == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(error);
        }
        return true;
    }

    private void releaseInbound() {
        if (deframer != null) {
            deframer.close();
        }
    }

    /** Runs {@code op} on the event loop once the stream is open, in submission order. */
    private void submit(Runnable op) {
        EventLoop loop;
        synchronized (this) {
            loop = eventLoop;
            if (loop == null) {
                if (pending != null) {
                    pending.add(op);
                    if (finished.get()) {
                        releasePending();
                    }
                    return;
                }
            }
        }
        if (loop == null) {
            if (op instanceof Discardable) {
                ((Discardable) op).discard();
            }
            return;
        }
        try {
            loop.execute(op);
        } catch (RejectedExecutionException e) {
            if (op instanceof Discardable) {
                ((Discardable) op).discard();
            }
        }
    }

    /**
     * The call ended before its stream opened (it never will): discards what waited for it. The lock
     * is held, so {@link #opened} cannot run concurrently.
     */
    private void releasePending() {
        if (eventLoop == null && pending != null) {
            for (Runnable op : pending) {
                if (op instanceof Discardable) {
                    ((Discardable) op).discard();
                }
            }
            pending.clear();
        }
    }

    private void written(int size) {
        long after = outboundBytes.addAndGet(-size);
        long before = after + size;
        if (before >= WRITE_HIGH_WATER_MARK && after < WRITE_HIGH_WATER_MARK) {
            notifyReady();
        }
        if (after < WRITE_HIGH_WATER_MARK) {
            synchronized (writersLock) {
                if (blockedWriters > 0) {
                    writersLock.notifyAll();
                }
            }
        }
    }

    private void notifyReady() {
        Runnable handler = onReadyHandler;
        if (handler != null && !finished.get()) {
            callbacks.execute(() -> {
                if (!observerClosed && isReady()) {
                    try {
                        handler.run();
                    } catch (RuntimeException e) {
                        log.warn("on-ready handler of {} failed", method.fullName(), e);
                    }
                }
            });
        }
    }

    private void awaitWritable() {
        synchronized (writersLock) {
            blockedWriters++;
            try {
                while (outboundBytes.get() >= WRITE_HIGH_WATER_MARK && !finished.get()) {
                    writersLock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                blockedWriters--;
            }
        }
    }

    private static int parseInt(CharSequence value) {
        if (value == null) {
            return Integer.MIN_VALUE;
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }

    /** A pending operation that holds a buffer to release if it never runs. */
    private interface Discardable extends Runnable {
        void discard();
    }

    /** One DATA frame of the request stream (or the empty one that half-closes it). */
    private final class DataWrite implements Discardable {
        private final ByteBuf data;
        private final boolean endStream;
        private final int size;

        DataWrite(ByteBuf data, boolean endStream, int size) {
            this.data = data;
            this.endStream = endStream;
            this.size = size;
        }

        @Override
        public void run() {
            if (finished.get() || stream == null) {
                discard();
                return;
            }
            connection.writeData(stream, data, endStream, f -> written(size));
        }

        @Override
        public void discard() {
            if (data != null) {
                data.release();
            }
            written(size);
        }
    }

    @Override
    public String toString() {
        return "GrpcClientCall{" + method.fullName() + (stream == null ? "" : " stream " + stream.id()) + '}';
    }
}
