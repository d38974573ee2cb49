package io.cloudwego.kitex.internal;

import java.util.concurrent.CompletionException;

/** Helpers for the futures of calls. */
public final class Futures {
    private Futures() {
    }

    /** The error a stage failed with, without the {@link CompletionException}s that dependent stages wrap it in. */
    public static Throwable unwrap(Throwable error) {
        while (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }
}
