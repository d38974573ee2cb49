package io.grpc.testing.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interop client of {@code kitex-sample-grpc-interop.jar}, built on kitex-java's gRPC client,
 * runs each interop case as a child process against grpc-java's own interop server,
 * {@link TestServiceServer} (plaintext), started once in this JVM. A case passes when the client
 * exits with 0. The client-compression cases run without their probe (see
 * {@link InteropCases#againstGrpcJavaServer()}); {@link KitexClientAgainstKitexServerTest} runs them with it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KitexClientAgainstGrpcJavaServerTest {

    private static TestServiceServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestServiceServer();
        server.parseArgs(new String[] {"--port=0", "--use_tls=false"});
        server.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.grpc.testing.integration.InteropCases#againstGrpcJavaServer")
    void passes(String testCase) throws Exception {
        InteropJar.ClientRun run = InteropJar.runClient(server.getPort(), testCase);
        assertThat(run.exitStatus()).as("exit status of the kitex-java interop client; its output:%n%s", run.output())
            .isZero();
        InteropJar.assertNoLeak(run.output(), "the interop client");
    }
}
