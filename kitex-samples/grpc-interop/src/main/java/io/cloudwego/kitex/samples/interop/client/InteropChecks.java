package io.cloudwego.kitex.samples.interop.client;

import io.cloudwego.kitex.errors.GrpcStatusException;
import io.cloudwego.kitex.remote.codec.grpc.GrpcStatus;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The assertions of the interop cases: each failure says what was expected and what came. */
final class InteropChecks {

    private InteropChecks() {
    }

    static void check(boolean condition, String expectation) {
        if (!condition) {
            throw new AssertionError(expectation);
        }
    }

    static void checkEquals(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(what + ": expected " + shorten(expected) + " but got " + shorten(actual));
        }
    }

    /** The gRPC status an error carries, unwrapping the future's layers. */
    static GrpcStatusException statusOf(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
            && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof GrpcStatusException status) {
            return status;
        }
        throw new AssertionError("expected a gRPC status error, got " + cause, cause);
    }

    static void checkCode(GrpcStatusException error, GrpcStatus.Code code) {
        if (error.code() != code) {
            throw new AssertionError("expected status " + code + ", got " + error.status(), error);
        }
    }

    /** Runs {@code call}, which must fail with a gRPC status; returns it. */
    static GrpcStatusException failureOf(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return statusOf(e);
        }
        throw new AssertionError("expected the call to fail with a gRPC status, it succeeded");
    }

    private static String shorten(Object value) {
        String text = String.valueOf(value);
        return text.length() > 200 ? text.substring(0, 200) + "… (" + text.length() + " characters)" : text;
    }
}
