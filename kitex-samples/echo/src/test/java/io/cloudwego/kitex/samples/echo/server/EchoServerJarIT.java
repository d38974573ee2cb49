package io.cloudwego.kitex.samples.echo.server;

import static io.cloudwego.kitex.samples.echo.server.EchoServerTesting.freePort;
import static io.cloudwego.kitex.samples.echo.server.EchoServerTesting.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudwego.kitex.samples.echo.EchoRequest;
import io.cloudwego.kitex.samples.echo.EchoServiceClient;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code target/kitex-sample-echo.jar}, run as {@code java -jar} in its own JVM: it
 * serves EchoService on the Kitex port it is given, and Actuator on its HTTP port, until it is
 * terminated; then it stops its Kitex server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EchoServerJarIT {
    private static final Path JAR = Path.of(System.getProperty("kitex.sample.echo.jar", "target/kitex-sample-echo.jar"));

    @Test
    void servesOnTheGivenPortUntilTerminated(@TempDir Path dir) throws Exception {
        int port = freePort();
        int httpPort = freePort();
        Path log = dir.resolve("out.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", JAR.toAbsolutePath().toString(), "--kitex.server.port=" + port, "--server.port=" + httpPort)
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitListening(process, port);
            try (EchoServiceClient echo = new EchoServiceClient(EchoServiceClient.builder("echo")
                .addresses("127.0.0.1:" + port).rpcTimeout(Duration.ofSeconds(5)).build())) {
                assertThat(echo.echo(EchoRequest.builder().message("from the jar").build()).message())
                    .isEqualTo("from the jar");
            }
            assertThat(get(httpPort, "/actuator/health").path("components").path("kitex").path("status").asString())
                .isEqualTo("UP");
        } finally {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar exited after SIGTERM").isTrue();
        }
        assertThat(Files.readString(log)).containsPattern("kitex server listening on \\S+:" + port).contains("kitex server stopped");
    }

    /** Waits until {@code port} accepts connections; the web server starts before the Kitex server. */
    private static void awaitListening(Process process, int port) throws InterruptedException {
        while (true) {
            assertThat(process.isAlive()).as("java -jar is running").isTrue();
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
    }
}
