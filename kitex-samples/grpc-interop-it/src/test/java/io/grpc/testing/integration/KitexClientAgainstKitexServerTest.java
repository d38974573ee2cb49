package io.grpc.testing.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jar's kitex-java interop client against the jar's server, for the client-compression cases
 * with their probe: grpc-java's server does not check {@code expect_compressed}, the kitex-java
 * server does, so only here does a request compressed otherwise than it says fail its case.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KitexClientAgainstKitexServerTest {

    private static Process server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        port = InteropJar.freePort();
        server = InteropJar.startServer(port);
    }

    @AfterAll
    static void stopServer() throws Exception {
        InteropJar.stopServer(server);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.grpc.testing.integration.InteropCases#probing")
    void passes(String testCase) throws Exception {
        InteropJar.ClientRun run = InteropJar.runClient(port, testCase);
        assertThat(run.exitStatus()).as("exit status of the kitex-java interop client; its output:%n%s", run.output())
            .isZero();
        InteropJar.assertNoLeak(run.output(), "the interop client");
    }
}
