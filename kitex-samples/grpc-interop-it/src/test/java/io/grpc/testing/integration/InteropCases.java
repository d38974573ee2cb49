package io.grpc.testing.integration;

import java.util.List;

/** The interop test cases run in both directions, by the names the interop clients take. */
final class InteropCases {

    static final List<String> NAMES = List.of(
        "empty_unary",
        "large_unary",
        "client_compressed_unary",
        "client_streaming",
        "client_compressed_streaming",
        "server_streaming",
        "ping_pong",
        "empty_stream",
        "cancel_after_begin",
        "cancel_after_first_response",
        "timeout_on_sleeping_server",
        "status_code_and_message",
        "special_status_message",
        "unimplemented_method",
        "unimplemented_service",
        "custom_metadata",
        "server_compressed_unary",
        "server_compressed_streaming",
        "very_large_request");

    /** The cases whose first step probes whether the server checks {@code expect_compressed}. */
    static final List<String> PROBING = List.of("client_compressed_unary", "client_compressed_streaming");

    /** The suffix of a probing case's variant without the probe, as the interop clients name it. */
    static final String WITHOUT_PROBE = "_noprobe";

    private InteropCases() {
    }

    static List<String> names() {
        return NAMES;
    }

    /**
     * The cases against grpc-java's {@link TestServiceServer}: the same, but the probing ones without
     * their probe, because that server does not check {@code expect_compressed} (gRPC's own interop
     * matrix skips these cases for it); the probes run against kitex-java's server.
     */
    static List<String> againstGrpcJavaServer() {
        return NAMES.stream().map(name -> PROBING.contains(name) ? name + WITHOUT_PROBE : name).toList();
    }

    static List<String> probing() {
        return PROBING;
    }
}
