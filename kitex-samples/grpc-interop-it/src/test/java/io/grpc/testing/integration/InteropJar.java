package io.grpc.testing.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code kitex-sample-grpc-interop.jar}, run as a child JVM: its server application, or
 * its interop client. Each child's output goes to a file under {@code target/interop-logs}.
 */
final class InteropJar {

    /** The interop client's main class inside the jar, started through Spring Boot's PropertiesLauncher. */
    static final String CLIENT_MAIN = "io.cloudwego.kitex.samples.interop.client.InteropClient";

    private static final String LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    private static final Duration SERVER_START = Duration.ofSeconds(90);

    private InteropJar() {
    }

    static Path jar() {
        Path jar = Paths.get(System.getProperty("kitex.sample.grpc-interop.jar",
            "../grpc-interop/target/kitex-sample-grpc-interop.jar"));
        assertThat(jar).as("the sample's jar: build kitex-samples/grpc-interop first").isRegularFile();
        return jar;
    }

    static Path log(String name) {
        Path dir = Paths.get(System.getProperty("kitex.sample.grpc-interop.logs", "target/interop-logs"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve(name + ".log");
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The JVM options of every child: Netty's leak detection at this JVM's level (paranoid in the build). */
    private static List<String> childOptions() {
        String level = System.getProperty("io.netty.leakDetection.level");
        return level == null ? List.of() : List.of("-Dio.netty.leakDetection.level=" + level);
    }

    /** Fails if a child's output has a report of Netty's leak detector. */
    static void assertNoLeak(String output, String child) {
        assertThat(output).as("Netty's leak reports in the output of %s", child).doesNotContain("LEAK:");
    }

    /** A port that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts the server application on {@code port} and returns once the port accepts connections. */
    static Process startServer(int port) throws Exception {
        Path log = log("kitex-interop-server");
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(childOptions());
        command.addAll(List.of("-jar", jar().toString(), "--kitex.server.port=" + port));
        Process server = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        long deadline = System.nanoTime() + SERVER_START.toNanos();
        while (true) {
            if (!server.isAlive()) {
                throw new AssertionError("the interop server exited with " + server.exitValue()
                    + " before serving; its output:\n" + Files.readString(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return server;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    server.destroyForcibly();
                    throw new AssertionError("the interop server did not open port " + port + " within "
                        + SERVER_START + "; its output:\n" + Files.readString(log));
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Stops the server started here: SIGTERM, so Spring closes the application, then force if it
     * lingers; then checks its output for leak reports.
     */
    static void stopServer(Process server) throws Exception {
        if (server == null) {
            return;
        }
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertNoLeak(Files.readString(log("kitex-interop-server")), "the interop server");
    }

    /** The result of one run of the interop client: its exit status and what it printed. */
    record ClientRun(int exitStatus, String output) {
    }

    /** Runs the jar's interop client for one test case against {@code 127.0.0.1:port}, waiting for it to end. */
    static ClientRun runClient(int port, String testCase) throws Exception {
        Path log = log("kitex-interop-client-" + testCase);
        // C1 only and the serial collector: a short-lived client starts faster and competes less for the CPU.
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(childOptions());
        command.addAll(List.of("-cp", jar().toString(), "-Dloader.main=" + CLIENT_MAIN, LAUNCHER,
            "--server_host=127.0.0.1", "--server_port=" + port, "--test_case=" + testCase));
        Process client = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!client.waitFor(2, TimeUnit.MINUTES)) {
            client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return new ClientRun(-1, "did not end within 2 minutes:\n" + Files.readString(log));
        }
        return new ClientRun(client.exitValue(), Files.readString(log));
    }
}
