package io.cloudwego.kitex.samples.interop;

/** The request metadata an interop server echoes: the first in its response headers, the second in its trailers. */
public final class EchoMetadata {

    /** Echoed in the response headers. */
    public static final String INITIAL_KEY = "x-grpc-test-echo-initial";
    /** Binary; echoed in the trailers. */
    public static final String TRAILING_KEY = "x-grpc-test-echo-trailing-bin";

    private EchoMetadata() {
    }
}
