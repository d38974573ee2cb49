package io.grpc.testing.integration;

import java.util.List;

/** The interop test cases run in both directions, by the names the interop clients take. */
final class InteropCases {

    static final List<String> NAMES = List.of(
        "empty_unary",
        "large_unary",
        "client_streaming",
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

    private InteropCases() {
    }

    static List<String> names() {
        return NAMES;
    }
}
