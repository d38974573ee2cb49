package io.cloudwego.kitex.server;

import io.cloudwego.kitex.errors.BizStatusException;
import io.cloudwego.kitex.errors.ConnectFailedException;
import io.cloudwego.kitex.errors.ConnectionClosedException;
import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.errors.NoInstanceException;
import io.cloudwego.kitex.errors.ProtocolException;
import io.cloudwego.kitex.errors.RemoteApplicationException;
import io.cloudwego.kitex.errors.RpcTimeoutException;
import io.cloudwego.kitex.remote.codec.grpc.GrpcHeaders;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import io.cloudwego.kitex.remote.codec.ttheader.BizExtra;
import io.cloudwego.kitex.streaming.Metadata;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a handler's failure answers over gRPC, as Kitex maps errors (reference §4.2, §4.3). */
final class GrpcErrors {
    private GrpcErrors() {
    }

    /**
     * The status and trailers for {@code error}: a {@link GrpcStatusException} as it is; a biz status
     * as {@code INTERNAL} with {@code biz-status} and {@code biz-extra} trailers; a
     * {@link RemoteApplicationException} as the code of its type id; timeouts as
     * {@code DEADLINE_EXCEEDED}; connection failures as {@code UNAVAILABLE}; anything else as
     * {@code INTERNAL} with the error's message.
     */
    static GrpcStatusException toStatusException(Throwable error) {
        error = unwrap(error);
        if (error instanceof GrpcStatusException) {
            return (GrpcStatusException) error;
        }
        if (error instanceof BizStatusException) {
            BizStatusException biz = (BizStatusException) error;
            Metadata trailers = new Metadata().put(GrpcHeaders.BIZ_STATUS.toString(), Integer.toString(biz.statusCode()));
            if (!biz.extra().isEmpty()) {
                trailers.put(GrpcHeaders.BIZ_EXTRA.toString(), asciiOnly(BizExtra.toJson(biz.extra())));
            }
            return new GrpcStatusException(GrpcStatus.of(GrpcStatus.Code.INTERNAL, biz.statusMessage()), trailers, biz);
        }
        GrpcStatus.Code code;
        if (error instanceof RemoteApplicationException) {
            code = GrpcStatus.Code.of(((RemoteApplicationException) error).type());
        } else if (error instanceof RpcTimeoutException) {
            code = GrpcStatus.Code.DEADLINE_EXCEEDED;
        } else if (error instanceof ConnectFailedException || error instanceof ConnectionClosedException
            || error instanceof NoInstanceException) {
            code = GrpcStatus.Code.UNAVAILABLE;
        } else {
            code = GrpcStatus.Code.INTERNAL;
        }
        String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        if (error instanceof ProtocolException) {
            message = "bad request message: " + message;
        }
        return new GrpcStatusException(GrpcStatus.of(code, message), new Metadata(), error);
    }

    private static String asciiOnly(String json) {
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c >= 0x20 && c <= 0x7E) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static Throwable unwrap(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }
}
