package io.cloudwego.kitex.samples.interop.client;

import io.cloudwego.kitex.client.KitexClient;
import io.cloudwego.kitex.remote.Transport;
import io.grpc.testing.integration.TestServiceClient;
import io.grpc.testing.integration.UnimplementedServiceClient;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The interop client: runs one interop test case with kitex-java's gRPC client (plaintext HTTP/2)
 * against a {@code grpc.testing.TestService} server, and exits with 0 when it passed, 1 when it
 * failed (the reason on standard error), 2 on a bad command line. Its flags are those of the
 * official interop clients:
 *
 * <pre>
 * java -cp kitex-sample-grpc-interop.jar -Dloader.main=io.cloudwego.kitex.samples.interop.client.InteropClient \
 *     org.springframework.boot.loader.launch.PropertiesLauncher \
 *     --server_host=127.0.0.1 --server_port=8080 --test_case=large_unary
 * </pre>
 */
public final class InteropClient {

    /**
     * The cases it runs, by the names of the interop test descriptions; the {@code _noprobe} variants
     * of the client-compression cases skip their first step, for servers that do not check
     * {@code expect_compressed}.
     */
    static final Map<String, Case> CASES = cases();

    /** One interop test case: returns if it passed, throws if it failed. */
    @FunctionalInterface
    interface Case {
        void run(InteropTestCases cases) throws Exception;
    }

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private InteropClient() {
    }

    /** Runs the case the arguments name, and exits with its result. */
    public static void main(String[] args) {
        String host = "localhost";
        int port = 8080;
        String testCase = "empty_unary";
        for (String arg : args) {
            String[] flag = arg.startsWith("--") ? arg.substring(2).split("=", 2) : new String[] {arg};
            if (flag.length != 2) {
                usage("arguments are --name=value: " + arg);
            }
            switch (flag[0]) {
                case "server_host" -> host = flag[1];
                case "server_port" -> port = port(flag[1]);
                case "test_case" -> testCase = flag[1];
                case "use_tls" -> {
                    if (Boolean.parseBoolean(flag[1])) {
                        usage("this client speaks plaintext HTTP/2 only: --use_tls=true is not supported");
                    }
                }
                default -> usage("unknown flag --" + flag[0]);
            }
        }
        Case chosen = CASES.get(testCase.toLowerCase(Locale.ROOT));
        if (chosen == null) {
            usage("unknown test case " + testCase);
        }
        System.exit(run(host, port, testCase, chosen));
    }

    private static int run(String host, int port, String name, Case testCase) {
        String address = host + ":" + port;
        System.out.println("Running test " + name + " against " + address);
        try (KitexClient testService = client(TestServiceClient.builder("grpc.testing.TestService"), address);
             KitexClient unimplemented = client(UnimplementedServiceClient.builder("grpc.testing.UnimplementedService"),
                 address)) {
            testCase.run(new InteropTestCases(testService, unimplemented));
            System.out.println("Test completed: " + name + " passed");
            return 0;
        } catch (Throwable failure) {
            System.err.println("Test failed: " + name + ": " + failure);
            failure.printStackTrace();
            return 1;
        }
    }

    private static KitexClient client(KitexClient.Builder builder, String address) {
        return builder.addresses(address).transport(Transport.GRPC).rpcTimeout(CALL_TIMEOUT)
            .connectTimeout(Duration.ofSeconds(20)).build();
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage("--server_port is not a number: " + value);
            return -1;
        }
    }

    private static void usage(String problem) {
        System.err.println("InteropClient: " + problem);
        System.err.println("usage: --server_host=HOST --server_port=PORT --test_case=CASE [--use_tls=false]");
        System.err.println("cases: " + String.join(", ", CASES.keySet()));
        System.exit(2);
    }

    private static Map<String, Case> cases() {
        Map<String, Case> cases = new TreeMap<>();
        cases.put("empty_unary", InteropTestCases::emptyUnary);
        cases.put("large_unary", InteropTestCases::largeUnary);
        cases.put("client_streaming", InteropTestCases::clientStreaming);
        cases.put("server_streaming", InteropTestCases::serverStreaming);
        cases.put("ping_pong", InteropTestCases::pingPong);
        cases.put("empty_stream", InteropTestCases::emptyStream);
        cases.put("cancel_after_begin", InteropTestCases::cancelAfterBegin);
        cases.put("cancel_after_first_response", InteropTestCases::cancelAfterFirstResponse);
        cases.put("timeout_on_sleeping_server", InteropTestCases::timeoutOnSleepingServer);
        cases.put("status_code_and_message", InteropTestCases::statusCodeAndMessage);
        cases.put("special_status_message", InteropTestCases::specialStatusMessage);
        cases.put("unimplemented_method", InteropTestCases::unimplementedMethod);
        cases.put("unimplemented_service", InteropTestCases::unimplementedService);
        cases.put("custom_metadata", InteropTestCases::customMetadata);
        cases.put("client_compressed_unary", testCases -> testCases.clientCompressedUnary(true));
        cases.put("client_compressed_unary_noprobe", testCases -> testCases.clientCompressedUnary(false));
        cases.put("client_compressed_streaming", testCases -> testCases.clientCompressedStreaming(true));
        cases.put("client_compressed_streaming_noprobe", testCases -> testCases.clientCompressedStreaming(false));
        cases.put("server_compressed_unary", InteropTestCases::serverCompressedUnary);
        cases.put("server_compressed_streaming", InteropTestCases::serverCompressedStreaming);
        cases.put("very_large_request", InteropTestCases::veryLargeRequest);
        return Collections.unmodifiableMap(cases);
    }
}
