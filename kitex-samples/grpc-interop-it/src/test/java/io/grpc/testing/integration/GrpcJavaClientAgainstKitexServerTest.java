package io.grpc.testing.integration;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * grpc-java's official interop client, {@link TestServiceClient} over plaintext HTTP/2, runs each
 * interop case against one {@code kitex-sample-grpc-interop.jar} server process.
 *
 * <p>The client runs in this JVM, as its {@code main} would run it but without {@code System.exit}:
 * {@code parseArgs}, {@code setUp}, {@code run}, {@code tearDown} (the last two are private, hence
 * reflection). A failed case throws from {@code run}, which fails the test with grpc-java's message.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GrpcJavaClientAgainstKitexServerTest {

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
    @MethodSource("io.grpc.testing.integration.InteropCases#names")
    void passes(String testCase) throws Throwable {
        TestServiceClient client = new TestServiceClient();
        client.parseArgs(new String[] {
            "--server_host=127.0.0.1", "--server_port=" + port, "--test_case=" + testCase, "--use_tls=false"});
        client.setUp();
        try {
            invoke(client, "run");
        } finally {
            invoke(client, "tearDown");
        }
    }

    private static void invoke(TestServiceClient client, String name) throws Throwable {
        Method method = TestServiceClient.class.getDeclaredMethod(name);
        method.setAccessible(true);
        try {
            method.invoke(client);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
